@testable import Server
import Testing

/// Failure messages lose the machine's paths before they reach a response.
struct PathScrubberTests {
    @Test(arguments: [
        ("could not write /var/lib/callvault/tmp/dl-1.part: No space left", "could not write …: No space left"),
        ("open \"/home/ops/storage/callvault.sqlite\" failed", "open \"…\" failed"),
        ("rename (/srv/a/b.mp3) to x", "rename (…) to x"),
        ("file=/tmp/x/y done", "file=… done"),
    ])
    func pathsBecomeAnEllipsis(_ input: String, _ expected: String) {
        #expect(PathScrubber.scrub(input) == expected)
    }

    @Test(arguments: [
        "recording 42 is gone (404; RingCentral keeps recordings 90 days)",
        "GET http://platform.example/restapi/v1.0/account/~/recording/42/content answered 503",
        "see /recordings/42/stream",
        "3/4 of the file, 1/2 s",
        "a / b",
    ])
    func everythingElseIsKept(_ input: String) {
        #expect(PathScrubber.scrub(input) == input)
    }
}
