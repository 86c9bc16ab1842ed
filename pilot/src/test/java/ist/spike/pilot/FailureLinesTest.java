package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.core.error.ConnectionException;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every failure is one line on stderr that says what to do next, with a distinct exit code. */
class FailureLinesTest {
    @TempDir
    Path tmp;

    PilotHarness spike;

    @BeforeEach
    void setUp() {
        spike = new PilotHarness(tmp);
    }

    private static SpikeException answered(ErrorCode code) {
        return new SpikeException(code, "the server answered " + code.httpStatus() + " " + code.wire());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', value = {
        "UNAUTHORIZED|secret get db|4|spike: not authorized: this Pilot's SPIFFE ID needs a policy granting read on db, or the superuser role (run hack/spire-server-entry-su-register.sh)",
        "UNAUTHORIZED|secret put db k=v|4|spike: not authorized: this Pilot's SPIFFE ID needs a policy granting write on db, or the superuser role (run hack/spire-server-entry-su-register.sh)",
        "UNAUTHORIZED|secret list|4|spike: not authorized: this Pilot's SPIFFE ID needs a policy granting list on spike/system/secret, or the superuser role (run hack/spire-server-entry-su-register.sh)",
        "UNAUTHORIZED|policy list|4|spike: not authorized: this Pilot's SPIFFE ID needs a policy granting list on spike/system/acl, or the superuser role (run hack/spire-server-entry-su-register.sh)",
        "UNAUTHORIZED|status|4|spike: not authorized: this Pilot's SPIFFE ID may not do that: it needs the superuser role (run hack/spire-server-entry-su-register.sh) or a policy that grants it",
        "NOT_FOUND|secret metadata get db|5|spike: not found: there is no secret at db: see `spike secret list`",
        "NOT_FOUND|status|5|spike: not found",
        "BAD_REQUEST|secret put db k=v|1|spike: Nexus refused the request as malformed (api_bad_request): check the arguments with `spike secret put --help`",
        "TOO_LARGE|secret put db k=v|1|spike: the request is larger than Nexus accepts (1 MiB, api_too_large): send less",
        "CONFLICT|policy delete p|1|spike: Nexus refused: the request conflicts with its current state (state_conflict): see `spike status`",
        "INTERNAL|secret list|1|spike: Nexus failed: the server answered 500 api_internal_error: see the Nexus log (~/.spike/logs/nexus.log when started with hack/start.sh)",
    })
    void nexusErrorCodesBecomeOneLineWithAnExitCode(ErrorCode code, String command, int exit, String line) {
        spike.nexus().failWith(answered(code)).statusFailsWith(answered(code));
        PilotHarness.Result result = spike.run(command.split(" "));
        assertThat(result.exit()).isEqualTo(exit);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(line + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "RECOVERING|spike: Nexus is not ready yet (state RECOVERING): see `spike status`",
        "RESTORE_REQUIRED|spike: Nexus is not ready yet (state RESTORE_REQUIRED): it cannot recover the root key from Keepers; run `spike restore` once per recovery shard (see `spike status`)",
    })
    void notReadyNamesTheState(String state, String line) {
        spike.nexus().state(state);
        PilotHarness.Result result = spike.run("secret", "get", "db");
        assertThat(result.exit()).isEqualTo(6);
        assertThat(result.err()).isEqualTo(line + "\n");
    }

    @Test
    void notReadyWithoutAStatusStillSaysWhatToDo() {
        spike.nexus().failWith(answered(ErrorCode.NOT_READY)).statusFailsWith(answered(ErrorCode.NOT_READY));
        assertThat(spike.run("secret", "list").err())
                .isEqualTo("spike: Nexus is not ready yet (state_not_ready): see `spike status`\n");
    }

    @Test
    void anUnreachableNexusSaysHowToStartIt() {
        spike.nexus().failWith(new ConnectionException("cannot reach https://localhost:8553: ConnectException",
                new ConnectException()));
        PilotHarness.Result result = spike.run("secret", "list");
        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("spike: Nexus at https://localhost:8553 is not reachable (ConnectException):"
                + " start it with hack/start.sh, or point SPIKE_NEXUS_API_URL at it\n");
    }

    @Test
    void aServerThatIsNotNexusFailsTheHandshakeWithAnExplanation() {
        ConnectionException notNexus = new ConnectionException("cannot reach", new SSLHandshakeException(
                "SPIFFE ID spiffe://spike.ist/spike/keeper is not accepted here"));
        spike.nexus().failWith(notNexus).statusFailsWith(notNexus);
        PilotHarness.Result result = spike.run("status");
        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err()).startsWith("spike: the mTLS handshake with Nexus at https://localhost:8553 failed"
                + " (SSLHandshakeException: SPIFFE ID spiffe://spike.ist/spike/keeper is not accepted here): it must"
                + " present a Nexus SVID").hasLineCount(1);
    }

    @Test
    void aSilentServerIsATimeout() {
        spike.nexus().failWith(new ConnectionException("cannot reach", new HttpTimeoutException("request timed out")));
        assertThat(spike.run("secret", "list").err()).startsWith("spike: Nexus at https://localhost:8553 accepted the"
                + " connection but did not answer in time");
    }

    @Test
    void aBugIsOneLineWithoutAStackTrace() {
        spike.nexus().failWith(new IllegalStateException("boom\nat some.Class.method(Class.java:1)"));
        PilotHarness.Result result = spike.run("secret", "list");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("spike: internal error in spike secret list (IllegalStateException): please"
                + " report it; SPIKE_SYSTEM_LOG_LEVEL=DEBUG shows the details\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown command|bogus|spike: Unmatched argument at index 0: 'bogus': see `spike --help`",
        "missing subcommand|policy|spike: Missing required subcommand: see `spike policy --help`",
        "missing parameter|secret get|spike: Missing required parameter: 'PATH': see `spike secret get --help`",
        "bad format|status --format xml|spike: Invalid value for option '--format': 'xml' is not a format: use human, json or yaml: see `spike status --help`",
        "secret in unknown option|secret get db --password=hunter2|spike: Unknown option: '--password=…': see `spike secret get --help`",
    })
    void usageErrorsAreOneLineAndNeverEchoAssignedValues(String name, String args, String line) {
        PilotHarness.Result result = spike.run(args.split(" "));
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(line + "\n");
        assertThat(spike.nexus().requests()).isEmpty();
    }
}
