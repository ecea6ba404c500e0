// rr_review_worker --tag <tag>: a review worker process. It waits for work
// until it is terminated, its parent goes away, or a minute has passed (so a
// crashed test never leaves workers behind for long).
#include <unistd.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc != 3 || std::strcmp(argv[1], "--tag") != 0) {
        std::fprintf(stderr, "usage: rr_review_worker --tag <tag>\n");
        return 2;
    }
    const pid_t parent = getppid();
    for (int tick = 0; tick < 1200 && getppid() == parent; ++tick) usleep(50 * 1000);
    return 0;
}
