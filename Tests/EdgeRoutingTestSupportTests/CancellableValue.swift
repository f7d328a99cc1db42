extension Task where Failure == any Error {
    /// The task's value, cancelling the task when the awaiting test is cancelled first (by its time
    /// limit): a sleeper that a bug never wakes then fails the test instead of hanging the test run,
    /// because awaiting `value` alone does not forward cancellation.
    var cancellableValue: Success {
        get async throws {
            try await withTaskCancellationHandler {
                try await self.value
            } onCancel: {
                self.cancel()
            }
        }
    }
}
