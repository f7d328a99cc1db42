/// A task executor that runs each job at once on the thread that enqueues it.
///
/// A task started with `Task(executorPreference: InlineExecutor())` runs synchronously up to its first
/// suspension inside `Task.init`, and a continuation resumed by `ManualClock.advance` runs the woken
/// task inside that call, up to its next suspension. Tests use it to observe, without any waiting,
/// what the woken code sees while the clock steps through deadlines.
final class InlineExecutor: TaskExecutor, SerialExecutor {
    func enqueue(_ job: consuming ExecutorJob) {
        job.runSynchronously(isolatedTo: self.asUnownedSerialExecutor(), taskExecutor: self.asUnownedTaskExecutor())
    }
}
