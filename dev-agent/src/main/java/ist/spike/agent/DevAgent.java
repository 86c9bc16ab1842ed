package ist.spike.agent;

import io.grpc.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: one Workload API endpoint per entry, kept in step with {@code entries.json}
 * (checked every {@value #POLL_MILLIS} ms, so a change reaches clients within a second) and with
 * SVIDs re-issued at half their lifetime. A broken entries file, or an entry whose socket cannot be
 * served, is reported and the last good state keeps serving.
 *
 * <p>All changes run on one scheduler thread, so the endpoint table needs no lock.
 */
public final class DevAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DevAgent.class);
    static final long POLL_MILLIS = 200;

    private final AgentPaths paths;
    private final CertificateAuthority ca;
    private final Duration svidTtl;
    private final UnixSocketServer sockets = new UnixSocketServer();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dev-agent");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Running> running = new HashMap<>();
    private byte[] lastSeen = new byte[0];

    private record Running(Entry entry, WorkloadEndpoint endpoint, Server server) {
    }

    public DevAgent(AgentPaths paths, CertificateAuthority ca, Duration svidTtl) {
        this.paths = paths;
        this.ca = ca;
        this.svidTtl = svidTtl;
    }

    /**
     * Serves the entries in the file now, then follows it.
     *
     * @return the entries served at start
     * @throws AgentException when the file is broken at start (there is no last good state yet)
     */
    public List<Entry> start() {
        List<Entry> served = callOnScheduler(() -> {
            byte[] bytes = readEntriesBytes();
            Entries entries = checked(EntriesFile.parse(paths.entries(), bytes));
            lastSeen = bytes;
            apply(entries);
            return entries.entries().stream().filter(e -> running.containsKey(e.socket())).toList();
        });
        scheduler.scheduleWithFixedDelay(this::tick, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return served;
    }

    private void tick() {
        try {
            reloadIfChanged();
            rotateDue();
        } catch (RuntimeException e) {
            LOG.error("dev agent tick failed; still serving: {}", e.toString());
        }
    }

    private void reloadIfChanged() {
        byte[] bytes;
        try {
            bytes = readEntriesBytes();
        } catch (AgentException e) {
            if (lastSeen.length != 0) {
                LOG.warn("{}; still serving the last good entries", e.getMessage());
                lastSeen = new byte[0];
            }
            return;
        }
        if (Arrays.equals(bytes, lastSeen)) {
            return;
        }
        lastSeen = bytes;
        try {
            apply(checked(EntriesFile.parse(paths.entries(), bytes)));
        } catch (AgentException e) {
            LOG.error("{}; still serving the last good entries", e.getMessage());
        }
    }

    private Entries checked(Entries entries) {
        if (!entries.trustDomain().equals(ca.trustDomain())) {
            throw new AgentException(paths.entries() + " names trust domain " + entries.trustDomain()
                    + " but this agent's CA is for " + ca.trustDomain());
        }
        return entries;
    }

    private void apply(Entries entries) {
        Map<String, Entry> wanted = new HashMap<>();
        entries.entries().forEach(e -> wanted.put(e.socket(), e));
        for (String socket : List.copyOf(running.keySet())) {
            if (!wanted.containsKey(socket)) {
                Running r = running.remove(socket);
                r.endpoint().closeStreams();
                UnixSocketServer.stop(r.server(), Path.of(socket));
                LOG.info("stopped serving {} (entry removed)", socket);
            }
        }
        for (Entry entry : entries.entries()) {
            Running current = running.get(entry.socket());
            if (current == null) {
                startEndpoint(entry);
            } else if (!current.entry().equals(entry)) {
                current.endpoint().publish(entry, ca.issue(entry.id(), svidTtl), ca.trustDomain());
                running.put(entry.socket(), new Running(entry, current.endpoint(), current.server()));
            }
        }
    }

    private void startEndpoint(Entry entry) {
        WorkloadEndpoint endpoint = new WorkloadEndpoint(entry.socket());
        endpoint.publish(entry, ca.issue(entry.id(), svidTtl), ca.trustDomain());
        try {
            Server server = sockets.start(entry.socketPath(), endpoint);
            running.put(entry.socket(), new Running(entry, endpoint, server));
        } catch (AgentException e) {
            LOG.error("entry '{}' is not served: {}", entry.name(), e.getMessage());
        }
    }

    private void rotateDue() {
        Instant now = Instant.now();
        for (Running r : running.values()) {
            if (now.isAfter(r.endpoint().current().rotationDue())) {
                r.endpoint().publish(r.entry(), ca.issue(r.entry().id(), svidTtl), ca.trustDomain());
            }
        }
    }

    private byte[] readEntriesBytes() {
        try {
            return Files.readAllBytes(paths.entries());
        } catch (NoSuchFileException e) {
            throw new AgentException(paths.entries() + " was removed");
        } catch (IOException e) {
            throw new AgentException("cannot read " + paths.entries() + ": " + e.getMessage(), e);
        }
    }

    private <T> T callOnScheduler(java.util.concurrent.Callable<T> work) {
        try {
            return scheduler.submit(work).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("interrupted while starting", e);
        }
    }

    /** Stops every endpoint and removes its socket file. */
    @Override
    public void close() {
        callOnScheduler(() -> {
            running.forEach((socket, r) -> {
                r.endpoint().closeStreams();
                UnixSocketServer.stop(r.server(), Path.of(socket));
            });
            running.clear();
            return null;
        });
        scheduler.shutdownNow();
        sockets.close();
    }
}
