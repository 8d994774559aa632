import HTTPTypes

/// The preconditions of a `GET` or `HEAD` evaluated in RFC 9110 §13.2.2's order against a
/// representation's validators: a strong entity tag and a `Last-Modified` date.
///
/// 1. `If-Match` (strong comparison, `*` matches) false: 412.
/// 2. Otherwise `If-Unmodified-Since` (a valid date) earlier than `Last-Modified`: 412.
/// 3. `If-None-Match` (weak comparison, `*` matches) matching: 304 for `GET`/`HEAD`.
/// 4. Otherwise, for `GET`/`HEAD`, `If-Modified-Since` (a valid date, ignored when
///    `If-None-Match` is present) not earlier than `Last-Modified`: 304.
/// 5. `Range` with `If-Range`: the range applies only when `If-Range` holds: an entity tag
///    equal by strong comparison (a weak tag never holds), or a date exactly equal to
///    `Last-Modified` when that date is strong (at least a second old); otherwise the whole
///    representation is sent (200).
///
/// nginx differs in one place: with both `If-None-Match` and `If-Modified-Since` it wants both to
/// say "not modified"; RFC 9110 ignores `If-Modified-Since` then, and so does this.
enum ConditionalRequest {
    /// What the preconditions decide.
    enum Outcome: Sendable, Equatable {
        /// Answer the request; `honourRange` says whether a `Range` header may apply.
        case proceed(honourRange: Bool)
        /// 304 Not Modified.
        case notModified
        /// 412 Precondition Failed.
        case preconditionFailed
    }

    /// Evaluates `headers` for `method` against the representation's validators.
    /// - Parameters:
    ///   - etag: The representation's strong entity tag.
    ///   - lastModified: Its `Last-Modified`, seconds since 1970.
    ///   - lastModifiedIsStrong: Whether that date may validate `If-Range` (RFC 9110 §8.8.2.2).
    static func evaluate(
        method: HTTPRequest.Method, headers: HTTPFields, etag: EntityTag, lastModified: Int64, lastModifiedIsStrong: Bool
    ) -> Outcome {
        let isRead = method == .get || method == .head
        if let ifMatch = headers[.ifMatch] {
            if !matches(ifMatch, etag: etag, strong: true) { return .preconditionFailed }
        } else if let value = headers[.ifUnmodifiedSince], let date = HTTPDate.parse(value), lastModified > date {
            return .preconditionFailed
        }
        if let ifNoneMatch = headers[.ifNoneMatch] {
            if matches(ifNoneMatch, etag: etag, strong: false) { return isRead ? .notModified : .preconditionFailed }
        } else if isRead, let value = headers[.ifModifiedSince], let date = HTTPDate.parse(value), lastModified <= date {
            return .notModified
        }
        // nginx answers a Range with HEAD as it would with GET (a 206 head).
        guard isRead else { return .proceed(honourRange: false) }
        if headers[.range] != nil, let ifRange = headers[.ifRange] {
            return .proceed(
                honourRange: ifRangeHolds(ifRange, etag: etag, lastModified: lastModified, lastModifiedIsStrong: lastModifiedIsStrong))
        }
        return .proceed(honourRange: true)
    }

    /// Whether an `If-Match`/`If-None-Match` list matches `etag`.
    static func matches(_ value: String, etag: EntityTag, strong: Bool) -> Bool {
        let trimmed = value.trimmingBlanks()
        if trimmed == "*" { return true }
        return EntityTag.list(Substring(trimmed)).contains { strong ? $0.strongMatch(etag) : $0.weakMatch(etag) }
    }

    /// Whether `If-Range` holds (RFC 9110 §13.1.5).
    static func ifRangeHolds(_ value: String, etag: EntityTag, lastModified: Int64, lastModifiedIsStrong: Bool) -> Bool {
        let trimmed = value.trimmingBlanks()
        if trimmed.hasPrefix("\"") || trimmed.hasPrefix("W/") {
            guard let tag = EntityTag.single(Substring(trimmed)) else { return false }
            return tag.strongMatch(etag)
        }
        guard lastModifiedIsStrong, let date = HTTPDate.parse(trimmed) else { return false }
        return date == lastModified
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate func trimmingBlanks() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
