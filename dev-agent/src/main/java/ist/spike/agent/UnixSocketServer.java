package ist.spike.agent;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import ist.spike.core.files.PrivateFiles;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * gRPC servers on unix domain sockets, all sharing two small event loops. A stale socket file (no
 * one listening) is replaced; a live one belongs to another agent and is left alone.
 */
final class UnixSocketServer implements AutoCloseable {
    private final EventLoopGroup boss = new EpollEventLoopGroup(1);
    private final EventLoopGroup workers = new EpollEventLoopGroup(2);

    /**
     * Serves {@code endpoint} on {@code socket}. Security: each socket hands out one identity to
     * whoever connects (the dev agent attests nothing), so the socket is 0600 and its directory 0700
     * and ours, whatever the umask; a directory owned by another user is refused (they could swap
     * the socket for their own).
     */
    Server start(Path socket, WorkloadEndpoint endpoint) {
        prepare(socket);
        Server server;
        try {
            server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .channelType(EpollServerDomainSocketChannel.class)
                    .bossEventLoopGroup(boss)
                    .workerEventLoopGroup(workers)
                    .addService(ServerInterceptors.intercept(endpoint, new SecurityHeaderCheck()))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new AgentException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        try {
            PrivateFiles.restrict(socket);
        } catch (IOException e) {
            stop(server, socket);
            throw new AgentException("cannot make " + socket + " private (0600): " + e.getMessage(), e);
        }
        return server;
    }

    static void stop(Server server, Path socket) {
        server.shutdownNow();
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // the next start replaces a stale file anyway
        }
    }

    private static void prepare(Path socket) {
        try {
            boolean existed = Files.isDirectory(socket.getParent());
            Path dir = PrivateFiles.createDirectories(socket.getParent());
            // By uid, not name: a container's user often has no name (user.name is then "?").
            int owner = (Integer) Files.getAttribute(dir, "unix:uid");
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (owner != self) {
                throw new AgentException(dir + " belongs to " + Files.getOwner(dir).getName() + " (uid " + owner
                        + "), not to this process (uid " + self + "): give this entry a socket in a directory of your own");
            }
            // A directory made here is 0700 whatever the umask; one that was there already is left as it
            // is (it may be /tmp or a home), but others must not be able to write to it.
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
            if (existed && (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE))) {
                throw new AgentException(dir + " can be written by other users (" + PosixFilePermissions.toString(mode)
                        + "), who could replace the socket: give this entry a socket in a private directory");
            }
            if (!existed) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            if (Files.exists(socket)) {
                if (isLive(socket)) {
                    throw new AgentException("another process already serves " + socket
                            + "; stop it (hack/stop.sh agent) or give this entry another socket");
                }
                Files.delete(socket);
            }
        } catch (IOException e) {
            throw new AgentException("cannot use the socket path " + socket + ": " + e.getMessage(), e);
        }
    }

    static boolean isLive(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
