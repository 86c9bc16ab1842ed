package ist.spike.bench;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.shamir.FeldmanCommitments;
import ist.spike.core.shamir.Shamir;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The foundation's figures: Shamir split/combine (3/2 and 10/7), Feldman verification, AES-256-GCM
 * seal+open of 1 KiB, and full mTLS 1.3 handshakes per second over loopback with SVIDs from a dev
 * agent started as a separate process under a temporary HOME.
 */
final class FoundationBenchmark {
    private FoundationBenchmark() {
    }

    static void run() throws Exception {
        System.out.println("# foundation benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")");
        shamir(new ShamirParameters(3, 2));
        shamir(new ShamirParameters(10, 7));
        aesGcm();
        handshakes();
    }

    private static void shamir(ShamirParameters p) throws Exception {
        SecretBytes key = SecretBytes.copyOf(new byte[] {
            0x1f, 0x2e, 0x3d, 0x4c, 0x5b, 0x6a, 0x79, 0x08, 0x17, 0x26, 0x35, 0x44, 0x53, 0x62, 0x71, 0x00,
            0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x07, 0x16, 0x25, 0x34, 0x43, 0x52, 0x61, 0x70});
        String label = p.shares() + "/" + p.threshold();
        List<Share> shares = Shamir.split(key, p);
        List<Share> subset = shares.subList(p.shares() - p.threshold(), p.shares());
        Measure.print("shamir split " + label, Measure.nanosPerOp(7, 20_000, () -> Shamir.split(key, p)) / 1000, "us/op");
        Measure.print("shamir combine " + label, Measure.nanosPerOp(7, 20_000, () -> Shamir.combine(p.threshold(), subset)) / 1000, "us/op");
        FeldmanCommitments commitments = FeldmanCommitments.of(key, p.threshold());
        Measure.print("feldman commit " + label, Measure.nanosPerOp(5, 500, () -> FeldmanCommitments.of(key, p.threshold())) / 1000, "us/op");
        Measure.print("feldman verify one share " + label, Measure.nanosPerOp(5, 500, () -> commitments.check(shares.get(0))) / 1000, "us/op");
    }

    private static void aesGcm() throws Exception {
        AesGcm aead = new AesGcm(SecretBytes.random(32));
        byte[] plaintext = new byte[1024];
        byte[] aad = "secrets|bench/path|1|value".getBytes();
        double nanos = Measure.nanosPerOp(7, 50_000, () -> aead.open(aead.seal(plaintext, aad), aad));
        Measure.print("aes-256-gcm seal+open 1 KiB", 1e9 / nanos, "ops/s");
    }

    private static void handshakes() throws Exception {
        try (LocalAgent agent = LocalAgent.start()) {
            X509Source server = agent.source(agent.socket("nexus"));
            X509Source client = agent.source(agent.pilotSocket());
            TrustRoots roots = TrustRoots.single("spike.ist");
            SSLContext serverContext = MtlsContexts.create(server, roots.anyOf(SpiffeRole.PILOT_SUPERUSER));
            SSLContext clientContext = MtlsContexts.create(client, roots.anyOf(SpiffeRole.NEXUS));
            Measure.print("mtls 1.3 full handshakes, 1 client (loopback)",
                    handshakesPerSecond(serverContext, clientContext), "handshakes/s");
            // The ceiling: the same SVIDs through the JDK's own PKIX key and trust managers.
            Measure.print("  same, JDK PKIX managers (no SPIFFE checks)",
                    handshakesPerSecond(plainContext(server), plainContext(client)), "handshakes/s");
            server.close();
            client.close();
        }
    }

    private static double handshakesPerSecond(SSLContext serverContext, SSLContext clientContext) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 128, InetAddress.getLoopbackAddress())) {
            listener.setSSLParameters(MtlsContexts.parameters(serverContext, true));
            Thread acceptor = new Thread(() -> serve(listener), "bench-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            int port = listener.getLocalPort();
            return 1e9 / Measure.nanosPerOp(5, 200, () -> handshake(clientContext, port));
        }
    }

    private static SSLContext plainContext(X509Source source) throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("svid", source.getX509Svid().getPrivateKey(), new char[0], source.getX509Svid().getChainArray());
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        var td = source.getX509Svid().getSpiffeId().getTrustDomain();
        int i = 0;
        for (var ca : source.getBundleForTrustDomain(td).getX509Authorities()) {
            trust.setCertificateEntry("ca" + i++, ca);
        }
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, new char[0]);
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance(MtlsContexts.TLS_13);
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /** One complete mutual handshake: the server answers a byte only after verifying the client. */
    private static void handshake(SSLContext context, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            socket.setSSLParameters(MtlsContexts.parameters(context, false));
            socket.startHandshake();
            socket.getOutputStream().write(1);
            if (socket.getInputStream().read() != 1) {
                throw new IllegalStateException("no answer after the handshake");
            }
            // Security/measurement: no resumption, every connection pays a full handshake.
            socket.getSession().invalidate();
        }
    }

    private static void serve(SSLServerSocket listener) {
        while (!listener.isClosed()) {
            try (SSLSocket s = (SSLSocket) listener.accept()) {
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                int b = in.read();
                out.write(b);
                out.flush();
                s.getSession().invalidate();
            } catch (Exception e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }
}
