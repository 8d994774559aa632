import Foundation

/// Checks shared by every payload.
enum PayloadValidation {
    /// Throws unless `payload` is a JSON object.
    static func requireJSONObject(_ payload: String) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(payload.utf8), options: [])
        } catch {
            throw JobQueueError(.invalidPayload, "payload is not valid JSON: \(Self.describe(error))")
        }
        guard object is [String: Any] else {
            throw JobQueueError(.invalidPayload, "payload must be a JSON object like {\"key\": \"value\"}")
        }
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}
