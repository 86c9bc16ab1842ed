package ist.spike.nexus.state;

import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;

/**
 * The one place the root key lives, in memory only, together with the lifecycle state. Hands out
 * an {@link AesGcm} keyed with it, never the bytes. Thread-safe; the key is zeroed when replaced
 * and at shutdown.
 */
public final class RootKey implements AutoCloseable {
    private SecretBytes key;
    private AesGcm aead;
    private volatile NexusState state = NexusState.INITIALIZING;

    /** Installs {@code newKey} (ownership passes here) and goes {@code READY}. */
    public synchronized void install(SecretBytes newKey) {
        if (key != null) {
            key.destroy();
        }
        key = newKey;
        aead = new AesGcm(newKey);
        state = NexusState.READY;
    }

    /** The root key's shares, computed from the key held here; {@code state_not_ready} without one. */
    public synchronized java.util.List<ist.spike.core.shamir.Share> shares(ist.spike.core.shamir.ShamirParameters parameters) {
        if (key == null || state != NexusState.READY) {
            throw new SpikeException(ErrorCode.NOT_READY, "Nexus has no root key yet (state " + state + ")");
        }
        return ist.spike.core.shamir.Shamir.split(key, parameters);
    }

    /**
     * The Feldman commitments of the key's sharing with {@code threshold} (public values, for a new
     * sharing generation); {@code state_not_ready} without a key.
     */
    public synchronized ist.spike.core.shamir.FeldmanCommitments commitments(int threshold) {
        if (key == null || state != NexusState.READY) {
            throw new SpikeException(ErrorCode.NOT_READY, "Nexus has no root key yet (state " + state + ")");
        }
        return ist.spike.core.shamir.FeldmanCommitments.of(key, threshold);
    }

    /**
     * This key's own bytes sealed under {@code other} with {@code associatedData}, never handed out
     * plain: a rekey keeps the replaced key, sealed under the new one, for what it sealed directly.
     */
    public synchronized byte[] sealUnder(ist.spike.core.crypto.Aead other, byte[] associatedData) {
        if (key == null) {
            throw new SpikeException(ErrorCode.NOT_READY, "Nexus has no root key yet (state " + state + ")");
        }
        byte[] raw = key.revealCopy();
        try {
            return other.seal(raw, associatedData);
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Holds a freshly made key without going READY (a first start waits for its Keepers).
     */
    public synchronized void installPending(SecretBytes newKey) {
        if (key != null) {
            key.destroy();
        }
        key = newKey;
        aead = new AesGcm(newKey);
    }

    /** The shares of a key held but not yet READY (first start). */
    public synchronized java.util.List<ist.spike.core.shamir.Share> pendingShares(
            ist.spike.core.shamir.ShamirParameters parameters) {
        if (key == null) {
            throw new SpikeException(ErrorCode.NOT_READY, "Nexus has no root key yet");
        }
        return ist.spike.core.shamir.Shamir.split(key, parameters);
    }

    public void state(NexusState next) {
        state = next;
    }

    public NexusState state() {
        return state;
    }

    /** The AEAD under the root key; {@code state_not_ready} until there is one. */
    public synchronized AesGcm aead() {
        if (aead == null || state != NexusState.READY) {
            throw new SpikeException(ErrorCode.NOT_READY, "Nexus has no root key yet (state " + state + ")");
        }
        return aead;
    }

    /** Throws {@code state_not_ready} unless {@code READY}. */
    public void requireReady() {
        if (state != NexusState.READY) {
            throw new SpikeException(ErrorCode.NOT_READY, "Nexus is " + state + ", not READY");
        }
    }

    @Override
    public synchronized void close() {
        if (key != null) {
            key.destroy();
            key = null;
        }
        aead = null;
        state = NexusState.INITIALIZING;
    }

    @Override
    public String toString() {
        return "RootKey[" + state + ", redacted]";
    }
}
