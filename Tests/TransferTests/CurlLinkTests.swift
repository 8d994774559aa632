import CCurl
import Testing

@Suite("libcurl link")
struct CurlLinkTests {
    @Test("curl_version() is callable and names libcurl")
    func curlVersionMentionsLibcurl() {
        let version = String(cString: curl_version())
        #expect(version.contains("libcurl"))
    }
}
