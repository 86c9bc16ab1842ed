package ist.spike.nexus.recovery;

import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;
import ist.spike.nexus.state.RootKey;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-shares the root key when Nexus is configured with another N or T than its current sharing
 * generation (DESIGN §3a): the same key, a new generation, in two phases. Phase one records the
 * pending generation; then Keepers get its shards, those holding nothing first, and a Keeper holding
 * a shard of the current generation is overwritten only while, afterwards, the current generation
 * still has T holders or the new one has reached its own T. Phase two makes the new generation
 * current once T Keepers hold it. So at every moment (a Nexus crash included) the Keepers hold enough
 * shards of one generation to rebuild the key without anyone; a change for which no such order
 * exists is refused ({@link #safe}). Runs on the lifecycle's thread only; holds no lock across I/O.
 */
final class Resharing {
    private static final Logger LOG = LoggerFactory.getLogger(Resharing.class);

    private final RootKeyRecordStore records;
    private final RootKey rootKey;
    private final ShardSwitch keepers;
    private volatile String problem;

    Resharing(RootKeyRecordStore records, RootKey rootKey, ShardSwitch keepers) {
        this.records = records;
        this.rootKey = rootKey;
        this.keepers = keepers;
    }

    /**
     * True when the Keepers can move from {@code from} to {@code to} one at a time without ever holding
     * fewer than T shards of both generations: same T (the shares are the same), or at least
     * T_old + T_new - 1 Keepers.
     */
    static boolean safe(ShamirParameters from, ShamirParameters to) {
        return from.threshold() == to.threshold() || to.shares() >= from.threshold() + to.threshold() - 1;
    }

    /** Why the wanted sharing is not being applied, or null. */
    String problem() {
        return problem;
    }

    /**
     * One step towards sharing the key as {@code target}; returns the record afterwards (with the
     * pending generation, or the new one current). The key must be in memory ({@code READY}).
     */
    RootKeyRecord step(RootKeyRecord record, ShamirParameters target) {
        SharingGeneration current = record.current();
        Optional<SharingGeneration> unfinished = record.pending();
        if (unfinished.isPresent()) {
            // A re-share cut short (a crash, a restart with other settings): if its generation is already
            // held by T Keepers, it is the one that keeps the key recoverable, so it becomes current first.
            ShardSwitch.Held held = held(current.sharing(), unfinished.get().sharing());
            if (held.fresh() >= unfinished.get().sharing().threshold()) {
                records.completeReshare(unfinished.get().number());
                LOG.info("re-shared the root key: generation {} ({}) is current", unfinished.get().number(),
                        describe(unfinished.get().sharing()));
                return records.load().orElseThrow();
            }
            if (!unfinished.get().sharing().equals(target) && held.old() < current.sharing().threshold()) {
                // Neither generation has T reachable holders: start nothing until Keepers answer.
                problem = "waiting for Keepers: neither the current sharing (" + describe(current.sharing())
                        + ") nor the unfinished re-share (" + describe(unfinished.get().sharing())
                        + ") has enough reachable holders to change the sharing again safely";
                return record;
            }
        }
        if (!safe(current.sharing(), target)) {
            String why = "not re-sharing the root key from " + describe(current.sharing()) + " to " + describe(target)
                    + ": while Keepers switch shards, a Nexus crash could find too few of either sharing to recover by"
                    + " itself. Give it at least " + (current.sharing().threshold() + target.threshold() - 1)
                    + " Keepers, or change the threshold in smaller steps";
            if (!why.equals(problem)) {
                LOG.warn(why);
            }
            problem = why;
            return record;
        }
        problem = null;
        Optional<SharingGeneration> pending = record.pending().filter(p -> p.sharing().equals(target));
        if (pending.isEmpty()) {
            SharingGeneration next = new SharingGeneration(record.latest() + 1, target,
                    rootKey.commitments(target.threshold()), record.keyCheck(), SharingGeneration.Status.PENDING);
            records.beginReshare(next);
            LOG.info("re-sharing the root key: generation {} ({}) -> generation {} ({})", current.number(),
                    describe(current.sharing()), next.number(), describe(target));
            record = records.load().orElseThrow();
            pending = record.pending();
        }
        if (pushAndCount(current.sharing(), target) >= target.threshold()) {
            records.completeReshare(pending.get().number());
            LOG.info("re-shared the root key: generation {} ({}) is current", pending.get().number(), describe(target));
            return records.load().orElseThrow();
        }
        return record;
    }

    private ShardSwitch.Held held(ShamirParameters from, ShamirParameters to) {
        List<Share> now = rootKey.shares(from);
        List<Share> next = rootKey.shares(to);
        try {
            return keepers.held(now, next);
        } finally {
            now.forEach(s -> s.value().destroy());
            next.forEach(s -> s.value().destroy());
        }
    }

    private int pushAndCount(ShamirParameters from, ShamirParameters to) {
        List<Share> now = rootKey.shares(from);
        List<Share> next = rootKey.shares(to);
        try {
            return keepers.push(now, from.threshold(), next, to.threshold());
        } finally {
            now.forEach(s -> s.value().destroy());
            next.forEach(s -> s.value().destroy());
        }
    }

    private static String describe(ShamirParameters p) {
        return p.threshold() + " of " + p.shares();
    }
}
