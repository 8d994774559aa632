/// Transcripts, their segments and the full-text index over them, plus digit-only phone columns
/// on calls for the search filters.
///
/// Segment ids are `(call start in seconds) << 20 | n`: ordered by call time, so a date filter
/// is a rowid range the FTS5 index answers without reading every match (the "common word with a
/// narrow filter" case), and a handful of calls is a handful of rowid ranges. The FTS5 table
/// keeps external content (`transcript_segments`) and is kept in step by triggers, inside every
/// transaction that changes a segment.
///
/// The index has three columns: `text` (what is searched and highlighted), and the segment's
/// `speaker_name` and `speaker_role` (`agent`, `customer`), so a speaker filter is one more
/// term intersected inside the index rather than a lookup per match. Queries name the `text`
/// column for the words, and rank with ``SQLiteSearchRanking`` over that column only.
///
/// Phone numbers are matched on digits in ordinary indexed columns: `from_digits`/`to_digits`
/// (E.164 digits, no `+`) for whole numbers and leading digits, and the generated
/// `from_digits_rev`/`to_digits_rev` (the last 20 digits reversed) for trailing digits, so
/// `555-1212` is an index range too.
enum SQLiteTranscriptSchema {
    /// Room for this many segments per second of call start times.
    static let segmentsPerSecond: Int64 = 1 << 20

    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(
            "transcripts-v1",
            sql: """
                CREATE TABLE transcripts (
                    recording_id TEXT PRIMARY KEY NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'available', 'unavailable', 'none')),
                    reason TEXT,
                    source TEXT CHECK (source IN ('ringsense', 'ai')),
                    version_ms INTEGER,
                    language TEXT,
                    speakers TEXT,
                    insights TEXT,
                    redactions TEXT,
                    relative_path TEXT UNIQUE,
                    bytes INTEGER,
                    sha256 TEXT,
                    ai_job_id TEXT,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX transcripts_state ON transcripts (state);

                CREATE TABLE transcript_segments (
                    id INTEGER PRIMARY KEY,
                    recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    speaker_id TEXT,
                    speaker_name TEXT,
                    speaker_role TEXT,
                    start_s REAL NOT NULL,
                    end_s REAL NOT NULL,
                    text TEXT NOT NULL,
                    words TEXT
                );
                CREATE UNIQUE INDEX transcript_segments_recording ON transcript_segments (recording_id, seq);

                CREATE VIRTUAL TABLE transcript_fts USING fts5(
                    text, speaker_name, speaker_role, content = 'transcript_segments', content_rowid = 'id',
                    tokenize = 'unicode61 remove_diacritics 2'
                );
                CREATE TRIGGER transcript_segments_ai AFTER INSERT ON transcript_segments BEGIN
                    INSERT INTO transcript_fts (rowid, text, speaker_name, speaker_role)
                    VALUES (new.id, new.text, new.speaker_name, new.speaker_role);
                END;
                CREATE TRIGGER transcript_segments_ad AFTER DELETE ON transcript_segments BEGIN
                    INSERT INTO transcript_fts (transcript_fts, rowid, text, speaker_name, speaker_role)
                    VALUES ('delete', old.id, old.text, old.speaker_name, old.speaker_role);
                END;
                CREATE TRIGGER transcript_segments_au AFTER UPDATE OF id, text, speaker_name, speaker_role ON transcript_segments
                BEGIN
                    INSERT INTO transcript_fts (transcript_fts, rowid, text, speaker_name, speaker_role)
                    VALUES ('delete', old.id, old.text, old.speaker_name, old.speaker_role);
                    INSERT INTO transcript_fts (rowid, text, speaker_name, speaker_role)
                    VALUES (new.id, new.text, new.speaker_name, new.speaker_role);
                END;

                ALTER TABLE calls ADD COLUMN from_digits TEXT;
                ALTER TABLE calls ADD COLUMN to_digits TEXT;
                UPDATE calls SET from_digits = \(digits("from_number")), to_digits = \(digits("to_number"));
                CREATE INDEX calls_from_digits ON calls (from_digits);
                CREATE INDEX calls_to_digits ON calls (to_digits);
                ALTER TABLE calls ADD COLUMN from_digits_rev TEXT GENERATED ALWAYS AS (\(reversed("from_digits"))) VIRTUAL;
                ALTER TABLE calls ADD COLUMN to_digits_rev TEXT GENERATED ALWAYS AS (\(reversed("to_digits"))) VIRTUAL;
                CREATE INDEX calls_from_digits_rev ON calls (from_digits_rev);
                CREATE INDEX calls_to_digits_rev ON calls (to_digits_rev);
                CREATE INDEX calls_direction_start ON calls (direction, start_time);
                """)
    ]

    /// An SQL expression for the digits of a number written with the usual punctuation
    /// (`+1 (650) 555-1212`), `NULL` when none: what ``SQLiteCatalog`` writes for new calls.
    static func digits(_ column: String) -> String {
        let stripped = ["+", " ", "-", "(", ")", ".", "/"].reduce(column) { "replace(\($0), '\($1)', '')" }
        return "nullif(\(stripped), '')"
    }

    /// The most trailing digits the reversed phone columns keep (E.164 numbers have at most 15).
    static let reversedDigits = 20

    /// An SQL expression for the last ``reversedDigits`` characters of `column`, reversed (`NULL`
    /// stays `NULL`): built-in functions only, so the generated column works in any SQLite tool.
    static func reversed(_ column: String) -> String {
        (1...reversedDigits).map { "substr(\(column), -\($0), 1)" }.joined(separator: " || ")
    }
}
