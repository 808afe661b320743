package org.issuedesk.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Resident memory (VmRSS) and CPU time of the services' and the broker's processes on this machine,
 * found by their command lines in /proc (Linux only; elsewhere it reports nothing).
 */
final class ProcessSampler implements AutoCloseable {

    /** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux this runs on. */
    private static final double TICKS = 100.0;

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> maxRssKb = new ConcurrentHashMap<>();
    private final Map<String, Long> startTicks = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param names service names as they appear in their jar's path ({@code ingest-service}, ...) */
    ProcessSampler(Iterable<String> names) {
        for (String name : names) {
            findPid(name.equals("kafka") ? "kafka.Kafka" : name + "-").ifPresent(pid -> pids.put(name, pid));
        }
        pids.forEach((name, pid) -> startTicks.put(name, cpuTicks(pid)));
        thread = new Thread(() -> {
            while (running) {
                pids.forEach((name, pid) -> maxRssKb.merge(name, rssKb(pid), Math::max));
                try {
                    Thread.sleep(500); // a sampling period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** name → (max RSS MB during the sampling, CPU seconds used since the start). */
    Map<String, double[]> results() {
        Map<String, double[]> results = new LinkedHashMap<>();
        pids.forEach((name, pid) -> results.put(name, new double[] {
                maxRssKb.getOrDefault(name, 0L) / 1024.0, (cpuTicks(pid) - startTicks.get(name)) / TICKS}));
        return results;
    }

    Map<String, Long> pids() {
        return pids;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }

    private static java.util.Optional<Long> findPid(String marker) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return java.util.Optional.empty();
        }
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(proc)) {
            return entries.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> Long.parseLong(p.getFileName().toString()) != self)
                    .filter(p -> {
                        try {
                            String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                                    .replace('\0', ' ');
                            return cmd.contains("java") && cmd.contains(marker)
                                    && (marker.equals("kafka.Kafka") || cmd.contains("-jar"));
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    // other runs of the same jars (a test suite's service processes) may be on this machine too:
                    // prefer the one started from the directory the tool runs in, as run-local.sh's are
                    .sorted(Comparator.comparing(p -> !inWorkingDirectory(p)))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean inWorkingDirectory(Path process) {
        try {
            return Files.isSameFile(process.resolve("cwd"), Path.of("").toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended
        }
        return 0;
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
