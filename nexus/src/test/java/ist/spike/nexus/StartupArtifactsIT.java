package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the package phase leaves for a fast start (docs/benchmarks.md, session 8): BouncyCastle
 * without its jar signature, and a CDS archive that holds its classes.
 */
class StartupArtifactsIT {
    private static final Path TARGET = Path.of("target");

    @Test
    void bouncyCastleIsUnsignedAndStillWhole() throws IOException {
        List<Path> jars;
        try (Stream<Path> lib = Files.list(TARGET.resolve("lib"))) {
            jars = lib.filter(p -> p.getFileName().toString().startsWith("bcprov-")).toList();
        }
        assertThat(jars).hasSize(1);
        try (JarFile jar = new JarFile(jars.get(0).toFile())) {
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("META-INF/") && n.endsWith(".SF")))
                    .isEmpty();
            assertThat(jar.getEntry("org/bouncycastle/math/ec/custom/sec/SecP256R1Curve.class")).isNotNull();
            assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
        }
    }

    @Test
    void theServerArchiveWasDumpedWithoutSkippingSignedClasses() throws IOException {
        assertThat(TARGET.resolve("spike-nexus-static.jsa")).exists();
        assertThat(Files.readString(TARGET.resolve("cds-dump.log"))).doesNotContain("Signed JAR");
    }
}
