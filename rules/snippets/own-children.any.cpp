// Signal only the processes this test started, by pid, never by name.
const pid_t child = ::fork();
if (child == 0) {
    ::execl(worker_path, worker_path, "--tag", tag, nullptr);
    ::_exit(127);
}
// ...
::kill(child, SIGTERM);
::waitpid(child, nullptr, 0);
