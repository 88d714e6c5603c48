package io.github.neonmigrations.autoconfigure;

import java.io.EOFException;
import java.net.SocketException;
import java.security.cert.CertificateException;
import java.sql.SQLException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kinds of TLS failure, on the exceptions pgjdbc wraps; a real reset during the
 * handshake is provoked in {@link ConnectFailureIntegrationTests}.
 */
class ConnectFailureTests {

	@Test
	void handshakeEndedByTheServerClosingIsRetried() {
		SSLHandshakeException handshake = new SSLHandshakeException("Remote host terminated the handshake");
		handshake.initCause(new EOFException("SSL peer shut down incorrectly"));
		assertThat(ConnectFailure.classify(failure("SSL error: Remote host terminated the handshake", handshake)))
			.isEqualTo(ConnectFailure.CLOSED_DURING_TLS_SETUP);
	}

	@Test
	void connectionResetByPeerDuringTlsIsRetried() {
		assertThat(ConnectFailure
			.classify(failure("SSL error: Connection reset by peer", new SocketException("Connection reset by peer"))))
			.isEqualTo(ConnectFailure.CLOSED_DURING_TLS_SETUP);
		assertThat(ConnectFailure.CLOSED_DURING_TLS_SETUP.isRetryable()).isTrue();
	}

	@Test
	void certificateThatCannotBeVerifiedFailsFast() {
		SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
		handshake.initCause(new CertificateException("unable to find valid certification path"));
		assertThat(ConnectFailure.classify(failure("SSL error: PKIX path building failed", handshake)))
			.isEqualTo(ConnectFailure.TLS_FAILURE);
	}

	@Test
	void protocolFailureFailsFast() {
		assertThat(ConnectFailure
			.classify(failure("SSL error: No appropriate protocol", new SSLException("No appropriate protocol"))))
			.isEqualTo(ConnectFailure.TLS_FAILURE);
	}

	@Test
	void channelBindingFailureFailsFast() {
		assertThat(ConnectFailure.classify(new PSQLException(
				"Channel Binding is required, but server did not offer an authentication method that supports channel binding",
				PSQLState.CONNECTION_REJECTED)))
			.isEqualTo(ConnectFailure.TLS_FAILURE);
	}

	@Test
	void aPoolerThatCannotReachItsServerYetIsRetried() {
		for (String message : new String[] {
				"ERROR: server login has been failing, try again later (server_login_retry)",
				"ERROR: pgbouncer cannot connect to server" }) {
			ConnectFailure failure = ConnectFailure.classify(new PSQLException(message, PSQLState.CONNECTION_REJECTED));
			assertThat(failure).as(message).isEqualTo(ConnectFailure.POOLER_CANNOT_REACH_SERVER);
			assertThat(failure.isRetryable()).isTrue();
		}
	}

	private static SQLException failure(String message, Throwable cause) {
		return new PSQLException(message, PSQLState.CONNECTION_FAILURE, cause);
	}

}
