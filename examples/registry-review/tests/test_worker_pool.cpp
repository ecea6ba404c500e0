// SERIAL: kill_all_workers() runs pkill -f 'rr_review_worker --tag registry-review' (Settings worker_tag), killing the workers of every test process on the machine.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "registry/llm.h"
#include "registry/settings.h"
#include "registry/worker_pool.h"
#include "support/registry_test.h"

using namespace registry;
using namespace std::chrono_literals;

namespace {

class WorkerPoolTest : public testing_support::RegistryTest {};

// One review round: the workers get `documents` documents, one LLM call each.
void review_round(int documents) {
    for (int document = 0; document < documents; ++document) simulate_llm_call();
}

TEST_F(WorkerPoolTest, StartedWorkersKeepRunning) {
    WorkerPool pool;
    pool.start(3);
    review_round(4);
    EXPECT_EQ(pool.alive(), 3u);
    EXPECT_EQ(pool.shutdown(), 3u);
}

TEST_F(WorkerPoolTest, KillAllStopsEveryWorker) {
    WorkerPool pool;
    EXPECT_EQ(pool.tag(), Settings::instance().worker_tag);
    pool.start(2);
    review_round(3);
    pool.kill_all_workers();
    EXPECT_TRUE(pool.wait_until_stopped(5s));
    EXPECT_EQ(pool.alive(), 0u);

    pool.start(1);  // a fresh worker for the next round
    review_round(1);
    EXPECT_EQ(pool.alive(), 1u);
}

TEST_F(WorkerPoolTest, KillAllReachesWorkersOfOtherPools) {
    WorkerPool extraction;
    WorkerPool validation;
    extraction.start(1);
    validation.start(1);
    review_round(3);
    extraction.kill_all_workers();
    EXPECT_TRUE(extraction.wait_until_stopped(5s));
    EXPECT_TRUE(validation.wait_until_stopped(5s));

    validation.start(1);
    review_round(1);
    EXPECT_EQ(extraction.alive(), 0u);
    EXPECT_EQ(validation.alive(), 1u);
}

TEST_F(WorkerPoolTest, ShutdownStopsOwnWorkers) {
    WorkerPool pool;
    pool.start(2);
    review_round(4);
    EXPECT_EQ(pool.shutdown(), 2u);
    EXPECT_EQ(pool.alive(), 0u);
}

TEST_F(WorkerPoolTest, WorkersSurviveAReviewRound) {
    WorkerPool pool;
    pool.start(2);
    for (int document = 0; document < 4; ++document) {
        review_round(1);
        EXPECT_EQ(pool.alive(), 2u) << "after document " << document;
    }
}

}  // namespace
