/// Where request handlers hand audit events: a call that returns at once and never fails.
public protocol AuditRecorder: Sendable {
    /// Records `event`; it reaches the ``AuditLog`` shortly after (see ``AuditAppender``).
    func record(_ event: AuditEvent)
}
