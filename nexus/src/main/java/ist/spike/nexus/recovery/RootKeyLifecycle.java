package ist.spike.nexus.recovery;

import ist.spike.core.api.OperatorMessages.RestoreResponse;
import ist.spike.core.api.StatusMessages.BadShard;
import ist.spike.core.api.StatusMessages.KeeperInfo;
import ist.spike.core.api.StatusMessages.RestoreProgress;
import ist.spike.core.api.StatusMessages.ShamirInfo;
import ist.spike.core.api.StatusMessages.SharingInfo;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ConnectionException;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.InvalidShareException;
import ist.spike.core.error.SpikeException;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;
import ist.spike.nexus.state.NexusState;
import ist.spike.nexus.state.RootKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root key's life in Nexus (DESIGN §3), on one scheduler thread:
 * <ul>
 *   <li>first start (no record in the database): make a key, store its record, give every Keeper
 *   its shard; {@code READY} once at least T Keepers hold one, so a crash after {@code READY} can
 *   always be recovered. A database with no record while a Keeper already holds a shard is never
 *   overwritten: Nexus stays {@code INITIALIZING} and says why;</li>
 *   <li>later starts: {@code RECOVERING}, asking the Keepers for shards with backoff, checking each
 *   against the commitments, rebuilding at T; {@code RESTORE_REQUIRED} when the Keepers holding a
 *   valid shard plus those unreachable are fewer than T;</li>
 *   <li>{@code READY}: every interval, any Keeper that reports no shard gets its shard again; when
 *   Nexus is configured with another N or T than the current sharing generation, {@link Resharing}
 *   shares the same key again as a new generation; a rekey ({@link Rekeying}) moves the Keepers to a
 *   new key's shards.</li>
 * </ul>
 * {@code spike restore} shards join the same collector. No lock is held across network I/O.
 */
public final class RootKeyLifecycle implements ShardRecovery, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RootKeyLifecycle.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    /** How long a call waits for work on the lifecycle thread (a rekey's first round of Keeper calls). */
    private static final Duration REKEY_WAIT = Duration.ofMinutes(2);

    private final ShamirParameters sharing;
    private final RootKeyRecordStore records;
    private final Resharing resharing;
    private final Rekeying rekeying;
    private final PassphraseEscrow escrow;
    private final RootKey rootKey;
    private final List<KeeperClient> keepers;
    private final Duration interval;
    private final Runnable onReady;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "root-key-lifecycle");
        t.setDaemon(true);
        return t;
    });

    /** Keeper calls run in parallel here: one cold mTLS handshake per Keeper, not one after another. */
    private final ExecutorService io;

    private volatile RootKeyRecord record;
    private volatile ShardCollector collector;
    private volatile List<KeeperInfo> keeperInfos;
    private volatile String blockedReason;
    private Duration retry = FIRST_RETRY;
    private final AtomicBoolean started = new AtomicBoolean();

    public RootKeyLifecycle(ShamirParameters sharing, RootKeyRecordStore records, RootKey rootKey,
                            List<KeeperClient> keepers, Duration interval, Runnable onReady) {
        this(sharing, records, rootKey, keepers, interval, onReady, SealedUnderRootKey.NOTHING);
    }

    /** @param sealed what else the root key seals (the keyring), re-sealed by a rekey */
    public RootKeyLifecycle(ShamirParameters sharing, RootKeyRecordStore records, RootKey rootKey,
                            List<KeeperClient> keepers, Duration interval, Runnable onReady, SealedUnderRootKey sealed) {
        this.sharing = sharing;
        this.records = records;
        this.rootKey = rootKey;
        this.keepers = List.copyOf(keepers);
        this.interval = interval;
        this.onReady = onReady;
        List<KeeperInfo> unknown = new ArrayList<>();
        for (int i = 0; i < keepers.size(); i++) {
            unknown.add(new KeeperInfo(i + 1, keepers.get(i).url().toString(), false, false));
        }
        this.keeperInfos = List.copyOf(unknown);
        this.io = Executors.newFixedThreadPool(Math.max(1, keepers.size()), r -> {
            Thread t = new Thread(r, "keeper-calls");
            t.setDaemon(true);
            return t;
        });
        ShardSwitch shardSwitch = new ShardSwitch(keepers, io);
        this.resharing = new Resharing(records, rootKey, shardSwitch);
        this.rekeying = new Rekeying(records, rootKey, shardSwitch, sealed);
        this.escrow = new PassphraseEscrow(records, java.time.Clock.systemUTC());
    }

    /** What one Keeper answered to "which shard do you hold?". */
    private record Answer(int id, String url, boolean reachable, Optional<SecretBytes> shard) {
        KeeperInfo info() {
            return new KeeperInfo(id, url, reachable, shard.isPresent());
        }
    }

    /** Asks every Keeper at once; a Keeper that cannot answer properly counts as unreachable. */
    private List<Answer> askAll() {
        List<CompletableFuture<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < keepers.size(); i++) {
            int id = i + 1;
            KeeperClient k = keepers.get(i);
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return new Answer(id, k.url().toString(), true, k.fetch());
                } catch (ConnectionException e) {
                    return new Answer(id, k.url().toString(), false, Optional.empty());
                } catch (SpikeException e) {
                    LOG.warn("Keeper {} answered with an error: {}", id, e.getMessage());
                    return new Answer(id, k.url().toString(), false, Optional.empty());
                }
            }, io));
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    /** Starts the lifecycle; later calls do nothing. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            scheduler.execute(this::tick);
        }
    }

    /**
     * Starts recovering at once when the database has a root-key record, and says whether it did.
     * Asking the Keepers needs neither server, so {@code main} calls this before starting them; a
     * first start (no record) waits for {@link #start()} once Nexus serves, so a start that fails
     * (a port in use) never makes a key.
     */
    public boolean startIfRecovering() {
        if (started.get()) {
            return false;
        }
        Optional<RootKeyRecord> stored;
        try {
            stored = records.load();
        } catch (RuntimeException e) {
            // An unreadable record is reported by the lifecycle's own first step, as it always was.
            return false;
        }
        if (stored.isEmpty()) {
            return false;
        }
        recoverWith(stored.get());
        start();
        return true;
    }

    private void tick() {
        try {
            switch (rootKey.state()) {
                case INITIALIZING -> initialize();
                case RECOVERING, RESTORE_REQUIRED -> recover();
                case READY -> hydrate();
            }
        } catch (RuntimeException e) {
            if (scheduler.isShutdown()) {
                return; // closed mid-step (Nexus is stopping): nothing failed
            }
            LOG.error("root-key lifecycle step failed: {}", e.toString());
        }
        Duration next = rootKey.state() == NexusState.READY ? interval : retry;
        retry = retry.multipliedBy(2).compareTo(interval) > 0 ? interval : retry.multipliedBy(2);
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void initialize() {
        if (record != null) {
            // A first start in progress: the key was made here and waits for its Keepers.
            distributeFirstKey();
            return;
        }
        Optional<RootKeyRecord> stored = records.load();
        if (stored.isPresent()) {
            recoverWith(stored.get());
            recover();
            return;
        }
        firstStart();
    }

    /** A later start: the database's record says which key to rebuild from the Keepers' shards. */
    private void recoverWith(RootKeyRecord r) {
        useRecord(r);
        rootKey.state(NexusState.RECOVERING);
        LOG.info("root key record found: recovering the key from Keepers");
    }

    private void useRecord(RootKeyRecord r) {
        if (!r.sharing().equals(sharing)) {
            LOG.info("the database's root key is shared {} of {}, this Nexus is configured for {} of {}: it re-shares"
                    + " once it holds the key", r.sharing().threshold(), r.sharing().shares(), sharing.threshold(),
                    sharing.shares());
        }
        replaceRecord(r);
    }

    /** The record after a change made here (a re-share or rekey step); a new collector goes with it. */
    private void replaceRecord(RootKeyRecord r) {
        if (r != record) {
            record = r;
            collector = new ShardCollector(r);
        }
    }

    /** First start: a new key, unless a Keeper already holds a shard of some other database's key. */
    private void firstStart() {
        List<KeeperInfo> seen = new ArrayList<>();
        for (Answer a : askAll()) {
            a.shard().ifPresent(SecretBytes::destroy);
            seen.add(a.info());
        }
        keeperInfos = List.copyOf(seen);
        Optional<KeeperInfo> holding = seen.stream().filter(KeeperInfo::holdsShard).findFirst();
        if (holding.isPresent()) {
            String reason = "the database has no root key, but Keeper " + holding.get().id() + " (" + holding.get().url()
                    + ") already holds a shard of one: refusing to make a new key that would orphan it. Point Nexus at"
                    + " the database that key belongs to, or reset deliberately (stop the Keepers, then start again)";
            if (!reason.equals(blockedReason)) {
                LOG.warn(reason);
            }
            blockedReason = reason;
            return;
        }
        blockedReason = null;
        SecretBytes key = NewRootKey.make();
        RootKeyRecord created = RootKeyRecord.of(key, sharing);
        // The record first: whatever happens next, the database knows which key its data needs.
        records.create(created);
        useRecord(created);
        rootKey.installPending(key);
        LOG.info("first start: created a root key shared {} of {}", sharing.threshold(), sharing.shares());
        distributeFirstKey();
    }

    /** READY once T Keepers hold their shard: before that, a crash would lose the key. */
    private void distributeFirstKey() {
        int holding = pushShards(rootKey.pendingShares(sharing));
        if (holding >= sharing.threshold()) {
            rootKey.state(NexusState.READY);
            LOG.info("root key distributed to {} Keepers: READY", holding);
            onReady.run();
        }
    }

    /** Later start: ask every Keeper, rebuild at T. */
    private void recover() {
        List<KeeperInfo> seen = new ArrayList<>();
        int unreachable = 0;
        for (Answer a : askAll()) {
            seen.add(a.info());
            if (!a.reachable()) {
                unreachable++;
            } else if (a.shard().isPresent()) {
                try {
                    collector.add(new Share(a.id(), a.shard().get()), "keeper " + a.id());
                } catch (InvalidShareException e) {
                    LOG.warn("Keeper {} gave a shard that was refused: {}", a.id(), e.getMessage());
                }
            }
        }
        keeperInfos = List.copyOf(seen);
        if (rebuildIfComplete()) {
            return;
        }
        NexusState next = collector.couldComplete(unreachable) ? NexusState.RECOVERING : NexusState.RESTORE_REQUIRED;
        if (next != rootKey.state()) {
            ShardCollector.Progress p = collector.progress();
            LOG.warn("state {}: {} valid shard(s) of generation {}, {} Keeper(s) unreachable, {} more needed", next,
                    p.collected(), p.generation(), unreachable, p.remaining());
        }
        rootKey.state(next);
    }

    /** Rebuilds the key once T valid shards are in; true when Nexus became READY. */
    private synchronized boolean rebuildIfComplete() {
        if (rootKey.state() == NexusState.READY) {
            return true;
        }
        Optional<ShardCollector.Rebuilt> rebuilt = collector.combine();
        if (rebuilt.isEmpty()) {
            return false;
        }
        ShardCollector.Progress used = collector.progress();
        install(rebuilt.get().key(), rebuilt.get().generation());
        LOG.info("root key rebuilt from {} shards of generation {}: READY", used.collected(),
                rebuilt.get().generation().number());
        return true;
    }

    /**
     * Puts a key rebuilt or unsealed while not READY into memory ({@code key} belongs to the root key
     * from then on): READY, and the Keepers get their shards. A rekey cut short ends as the key says:
     * finished when it is the new key, forgotten when it is the old one.
     */
    private synchronized void install(SecretBytes key, SharingGeneration of) {
        collector.clear();
        Optional<SharingGeneration> rekey = record.rekeyPending();
        if (rekey.isEmpty()) {
            rootKey.install(key);
        } else if (of.number() == rekey.get().number()) {
            // A rekey cut short after T Keepers took the new key's shards: it ends now.
            replaceRecord(rekeying.complete(rekey.get(), key));
        } else {
            // The old key came back: the new one, never fully handed out, is gone with the old Nexus.
            replaceRecord(rekeying.abandon(record));
            rootKey.install(key);
        }
        onReady.run();
        scheduler.execute(this::hydrate);
    }

    /**
     * READY: a re-share when the configured sharing differs from the current generation, and any
     * Keeper that holds no shard of the current generation gets its own again. While a re-share is
     * under way its own steps give the Keepers their shards (hydrating with the current generation
     * would undo them).
     */
    private void hydrate() {
        if (rootKey.state() != NexusState.READY) {
            return;
        }
        if (record.rekeyPending().isPresent()) {
            replaceRecord(rekeying.step(record));
            if (record.rekeyPending().isPresent()) {
                return;
            }
        }
        if (!record.sharing().equals(sharing)) {
            RootKeyRecord after = resharing.step(record, sharing);
            replaceRecord(after);
            if (!after.sharing().equals(sharing) && resharing.problem() == null) {
                return;
            }
        }
        pushShards(rootKey.shares(record.sharing()));
    }

    /** Gives each Keeper lacking one its shard (all at once); returns how many hold one afterwards. */
    private int pushShards(List<Share> shares) {
        try {
            List<CompletableFuture<KeeperInfo>> calls = new ArrayList<>();
            for (int i = 0; i < keepers.size() && i < shares.size(); i++) {
                KeeperClient k = keepers.get(i);
                Share share = shares.get(i);
                calls.add(CompletableFuture.supplyAsync(() -> hydrate(k, share), io));
            }
            List<KeeperInfo> seen = calls.stream().map(CompletableFuture::join).toList();
            keeperInfos = List.copyOf(seen);
            return (int) seen.stream().filter(KeeperInfo::holdsShard).count();
        } finally {
            shares.forEach(s -> s.value().destroy());
        }
    }

    /** One Keeper: leave it alone when it holds its own shard, otherwise give it. */
    private KeeperInfo hydrate(KeeperClient k, Share share) {
        int id = share.id();
        try {
            Optional<SecretBytes> current = k.fetch();
            boolean holds = current.isPresent() && current.get().equals(share.value());
            current.ifPresent(SecretBytes::destroy);
            if (!holds) {
                k.contribute(share.value());
                LOG.info("gave Keeper {} its shard", id);
            }
            return new KeeperInfo(id, k.url().toString(), true, true);
        } catch (ConnectionException e) {
            return new KeeperInfo(id, k.url().toString(), false, false);
        } catch (SpikeException e) {
            LOG.warn("Keeper {} refused its shard: {}", id, e.getMessage());
            return new KeeperInfo(id, k.url().toString(), true, false);
        }
    }

    /**
     * {@code spike operator rekey}: begins a rekey on the lifecycle thread and waits for its first round
     * of Keeper calls; the lifecycle carries on from there when too few Keepers answered.
     */
    @Override
    public ist.spike.core.api.OperatorMessages.RekeyResponse rekey() {
        return onLifecycleThread(() -> {
            rootKey.requireReady();
            Rekeying.requireStartable(record, sharing);
            replaceRecord(rekeying.begin(record));
            RootKeyRecord r = record;
            SharingGeneration newest = r.generations().get(0);
            return new ist.spike.core.api.OperatorMessages.RekeyResponse(newest.number(), r.rekeyPending().isEmpty(),
                    rekeying.holders(), newest.sharing().threshold());
        }, "the rekey");
    }

    /**
     * {@code spike recover --passphrase}: stores the root key sealed under the passphrase (the slow
     * derivation first, on the escrow's thread; the sealing on the lifecycle thread, so the key and its
     * check belong together).
     */
    @Override
    public void escrow(byte[] passphrase) {
        rootKey.requireReady();
        PassphraseEscrow.requireAcceptable(passphrase);
        onLifecycleThread(() -> {
            rootKey.requireReady();
            if (record.rekeyPending().isPresent()) {
                throw new SpikeException(ErrorCode.CONFLICT, "a rekey is in progress: escrow the key once it is done");
            }
            records.storeEscrow(escrow.seal(passphrase, record.keyCheck(), rootKey));
            LOG.info("passphrase escrow stored for the root key of sharing generation {}", record.current().number());
            return null;
        }, "the escrow");
    }

    /** {@code spike recover --passphrase --remove}: true when there was an escrow. */
    @Override
    public boolean removeEscrow() {
        boolean removed = records.removeEscrow();
        if (removed) {
            LOG.info("passphrase escrow removed");
        }
        return removed;
    }

    /**
     * {@code spike restore --passphrase}: the escrowed key, when the passphrase opens it and it is this
     * database's key, goes into memory as a rebuilt one would.
     */
    @Override
    public RestoreResponse restoreWithPassphrase(byte[] passphrase) {
        if (rootKey.state() == NexusState.READY) {
            throw new SpikeException(ErrorCode.CONFLICT, "Nexus is READY: there is nothing to restore");
        }
        RootKeyRecord r = record;
        if (r == null) {
            throw new SpikeException(ErrorCode.CONFLICT, "this Nexus has no root key record to restore");
        }
        RootKeyRecordStore.Escrow stored = records.escrow().orElseThrow(() -> new SpikeException(ErrorCode.CONFLICT,
                "there is no passphrase escrow: restore from recovery files"));
        Optional<SharingGeneration> of = r.generations().stream()
                .filter(g -> g.status() != SharingGeneration.Status.REVOKED && g.sharesKey(stored.keyCheck()))
                .findFirst();
        if (of.isEmpty()) {
            throw new SpikeException(ErrorCode.CONFLICT, "the passphrase escrow holds the root key replaced by the rekey of "
                    + r.rekeyedAt().map(Object::toString).orElse("an earlier time")
                    + ": it restores nothing; restore from recovery files taken after the rekey");
        }
        SecretBytes key = escrow.open(passphrase, stored);
        if (!of.get().recognises(key)) {
            key.destroy();
            throw new SpikeException(ErrorCode.INTERNAL, "the passphrase escrow opened, but its key does not match"
                    + " its sharing generation's commitments");
        }
        synchronized (this) {
            if (rootKey.state() == NexusState.READY) {
                key.destroy();
                throw new SpikeException(ErrorCode.CONFLICT, "Nexus is READY: there is nothing to restore");
            }
            install(key, of.get());
        }
        LOG.info("root key restored from the passphrase escrow: READY");
        return new RestoreResponse(0, 0, true);
    }

    /** Runs {@code work} on the lifecycle thread (where the record and the key change) and waits for it. */
    private <T> T onLifecycleThread(java.util.function.Supplier<T> work, String what) {
        CompletableFuture<T> call = CompletableFuture.supplyAsync(work, scheduler);
        try {
            return call.get(REKEY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SpikeException spike) {
                throw spike;
            }
            throw new SpikeException(ErrorCode.INTERNAL, what + " failed: " + e.getCause().getClass().getSimpleName());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new SpikeException(ErrorCode.NOT_READY, what + " is still running: see `spike status`");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpikeException(ErrorCode.NOT_READY, "interrupted while waiting for " + what + ": see `spike status`");
        }
    }

    @Override
    public List<Share> recoverShares() {
        RootKeyRecord r = record;
        if (r.rekeyPending().isPresent()) {
            throw new SpikeException(ErrorCode.CONFLICT, "a rekey is in progress: its shards are not handed out until"
                    + " Keepers hold them; take recovery files once `spike status` shows it done");
        }
        List<Share> shares = rootKey.shares(r.sharing());
        records.recordRecoveryFiles(r.current().number());
        return shares;
    }

    @Override
    public RestoreResponse restore(Share share) {
        if (rootKey.state() == NexusState.READY) {
            share.value().destroy();
            throw new SpikeException(ErrorCode.CONFLICT, "Nexus is READY: there is nothing to restore");
        }
        ShardCollector c = collector;
        if (c == null || record == null) {
            share.value().destroy();
            throw new SpikeException(ErrorCode.CONFLICT, "this Nexus has no root key record to restore");
        }
        c.add(share, "restore");
        ShardCollector.Progress p = c.progress();
        boolean restored = rebuildIfComplete();
        return new RestoreResponse(p.collected(), restored ? 0 : p.remaining(), restored);
    }

    @Override
    public Optional<SharingInfo> sharing() {
        RootKeyRecord r = record;
        if (r == null) {
            return Optional.empty();
        }
        Optional<RootKeyRecordStore.RecoveryFiles> files = records.recoveryFiles();
        // Files of a generation with the current T hold shares of the current polynomial: still current.
        int threshold = r.sharing().threshold();
        String state = files.isEmpty() ? "none" : r.generations().stream()
                .anyMatch(g -> g.number() == files.get().generation() && g.sharing().threshold() == threshold
                        && g.status() != SharingGeneration.Status.REVOKED)
                ? "current" : "stale";
        ShamirInfo pending = r.pending().filter(p -> p.sharing().equals(sharing))
                .map(p -> new ShamirInfo(p.sharing().shares(), p.sharing().threshold())).orElse(null);
        RootKeyRecordStore.Attempts attempts = records.attempts();
        return Optional.of(new SharingInfo(r.current().number(), state,
                files.map(f -> f.takenAt().toString()).orElse(null), escrow.state(r.keyCheck()), pending,
                resharing.problem(), r.rekeyedAt().map(Object::toString).orElse(null), r.rekeyPending().isPresent(),
                attempts.failures(), PassphraseEscrow.retryAt(attempts).map(Object::toString).orElse(null)));
    }

    @Override
    public List<ist.spike.core.api.OperatorMessages.Generation> generations() {
        RootKeyRecord r = record;
        if (r == null) {
            return List.of();
        }
        return r.generations().stream().map(g -> new ist.spike.core.api.OperatorMessages.Generation(g.number(),
                g.status().wire(), g.sharing().shares(), g.sharing().threshold(),
                g.commitments().points(), g.revokedAt() == null ? null : g.revokedAt().toString())).toList();
    }

    @Override
    public Optional<ShamirInfo> shamir() {
        RootKeyRecord r = record;
        return r == null ? Optional.empty() : Optional.of(new ShamirInfo(r.sharing().shares(), r.sharing().threshold()));
    }

    @Override
    public List<KeeperInfo> keepers() {
        return keeperInfos;
    }

    @Override
    public RestoreProgress progress() {
        ShardCollector c = collector;
        if (c == null || rootKey.state() == NexusState.READY) {
            return new RestoreProgress(0, 0);
        }
        return new RestoreProgress(c.collected(), c.remaining());
    }

    @Override
    public List<BadShard> badShards() {
        ShardCollector c = collector;
        List<BadShard> out = c == null ? new ArrayList<>() : new ArrayList<>(c.badShards());
        String blocked = blockedReason;
        if (blocked != null) {
            out.add(new BadShard(0, blocked));
        }
        return out;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        io.shutdownNow();
        rekeying.close();
        escrow.close();
        ShardCollector c = collector;
        if (c != null) {
            c.clear();
        }
    }
}
