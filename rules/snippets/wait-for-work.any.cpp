// Wait for the work itself, not for a guess of how long it takes.
std::mutex mutex;
std::condition_variable done;
int handled = 0;  // the worker increments it under `mutex`, then done.notify_all()

std::unique_lock<std::mutex> lock(mutex);
// The predicate is re-checked on every wake-up; the deadline only turns a
// hang into a failure, so make it generous (seconds, not milliseconds).
bool finished = done.wait_for(lock, std::chrono::seconds(30), [&] { return handled == 2; });
ASSERT_TRUE(finished);

// A worker you own: join it. An async task: get() its future.
// No hook to wait on: poll the condition with a generous deadline.
auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
while (sink.flush_count() < 1 && std::chrono::steady_clock::now() < deadline)
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
EXPECT_EQ(sink.flush_count(), 1);
