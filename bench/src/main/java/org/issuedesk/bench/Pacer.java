package org.issuedesk.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Sends {@code count} units at a fixed rate (open loop: a slow system does not slow the schedule
 * unless all {@code inFlight} permits are taken) or as fast as the permits allow.
 */
final class Pacer {

    /** What a run of sends came to: first send and last acceptance in nanoTime, failures. */
    record Outcome(long firstSend, long lastAccepted, int accepted, int failed, int retries) {

        double seconds() {
            return (lastAccepted - firstSend) / 1e9;
        }
    }

    /**
     * @param units    how many sends
     * @param perSecond sends per second, 0 for as fast as possible
     * @param inFlight sends outstanding at most
     * @param send     starts send number i; completes with the nanoTime of acceptance
     * @param retries  attempts after a failed one
     */
    static Outcome run(int units, double perSecond, int inFlight, IntFunction<CompletableFuture<Long>> send, int retries)
            throws InterruptedException {
        return run(units, perSecond, inFlight, send, (i, at) -> { }, retries);
    }

    /** Calls {@code onAccepted} with the unit and its acceptance nanoTime once it is accepted. */
    static Outcome run(int units, double perSecond, int inFlight, IntFunction<CompletableFuture<Long>> send,
            java.util.function.ObjLongConsumer<Integer> onAccepted, int retries) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong lastAccepted = new AtomicLong();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < units; i++) {
            if (perSecond > 0) {
                long due = start + (long) (i * 1e9 / perSecond);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            permits.acquire();
            int unit = i;
            attempt(i, send, retries, retried).whenComplete((at, error) -> {
                if (error == null) {
                    onAccepted.accept(unit, at);
                    accepted.incrementAndGet();
                    lastAccepted.accumulateAndGet(at, Math::max);
                } else {
                    failed.incrementAndGet();
                }
                permits.release();
            });
        }
        permits.acquire(inFlight); // all done
        return new Outcome(start, lastAccepted.get(), accepted.get(), failed.get(), retried.get());
    }

    private static CompletableFuture<Long> attempt(int i, IntFunction<CompletableFuture<Long>> send, int left,
            AtomicInteger retried) {
        CompletableFuture<Long> first;
        try {
            first = send.apply(i);
        } catch (RuntimeException e) {
            first = CompletableFuture.failedFuture(e);
        }
        if (left == 0) {
            return first;
        }
        return first.handle((at, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(at);
            }
            retried.incrementAndGet();
            LockSupport.parkNanos(100_000_000L); // back off a little before the retry
            return attempt(i, send, left - 1, retried);
        }).thenCompose(f -> f);
    }
}
