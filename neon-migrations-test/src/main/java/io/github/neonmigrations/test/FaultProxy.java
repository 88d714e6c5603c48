package io.github.neonmigrations.test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy in front of PostgreSQL that injects what a real server cannot be made to do
 * on demand: close right after accepting, stall forever, or answer like Neon's proxy
 * while a compute wakes up. After the configured faults it forwards bytes unchanged, TLS
 * included.
 *
 * @since 0.1.0
 */
public final class FaultProxy implements AutoCloseable {

	private static final int SSL_REQUEST_CODE = 80877103;

	private final ServerSocket serverSocket;

	private final InetSocketAddress target;

	private final AtomicInteger remainingFaults = new AtomicInteger();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger open = new AtomicInteger();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile Fault fault = Fault.ACCEPT_THEN_CLOSE;

	private volatile String wakeMessage = "Couldn't connect to compute node";

	private FaultProxy(ServerSocket serverSocket, InetSocketAddress target) {
		this.serverSocket = serverSocket;
		this.target = target;
	}

	/**
	 * Starts a proxy on a free loopback port that forwards to the given address.
	 * @param targetHost the host to forward to
	 * @param targetPort its port
	 * @return the running proxy; close it when done
	 * @throws IOException if no port can be bound
	 */
	public static FaultProxy start(String targetHost, int targetPort) throws IOException {
		ServerSocket serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		FaultProxy proxy = new FaultProxy(serverSocket, new InetSocketAddress(targetHost, targetPort));
		Thread acceptor = new Thread(proxy::acceptLoop, "fault-proxy-" + serverSocket.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
		return proxy;
	}

	/**
	 * The port the proxy listens on, on {@code 127.0.0.1}.
	 * @return the port
	 */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Makes the next connections fail with the given fault; later ones are forwarded.
	 * @param count how many connections fail ({@link Integer#MAX_VALUE} for all)
	 * @param fault how they fail
	 */
	public void failNext(int count, Fault fault) {
		this.fault = fault;
		this.remainingFaults.set(count);
	}

	/**
	 * Sets the text of the {@link Fault#COMPUTE_WAKING} error.
	 * @param message the error message, e.g. {@code endpoint is idle, retry request}
	 */
	public void wakeMessage(String message) {
		this.wakeMessage = message;
	}

	/**
	 * How many connections the proxy has accepted.
	 * @return the count
	 */
	public int acceptedConnections() {
		return this.accepted.get();
	}

	/**
	 * How many accepted connections the client has not closed yet.
	 * @return the count
	 */
	public int openConnections() {
		return this.open.get();
	}

	private void acceptLoop() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket client = this.serverSocket.accept();
				this.accepted.incrementAndGet();
				this.sockets.add(client);
				boolean faulty = this.remainingFaults
					.getAndUpdate((n) -> (n > 0 && n != Integer.MAX_VALUE) ? n - 1 : n) > 0;
				Fault current = this.fault;
				this.open.incrementAndGet();
				Thread handler = new Thread(() -> {
					try {
						handle(client, faulty ? current : null);
					}
					finally {
						this.open.decrementAndGet();
					}
				}, "fault-proxy-connection");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				// Closed.
			}
		}
	}

	private void handle(Socket client, @Nullable Fault fault) {
		try {
			if (fault == null) {
				forward(client);
				return;
			}
			switch (fault) {
				case ACCEPT_THEN_CLOSE -> client.close();
				case STALL -> client.getInputStream().transferTo(OutputStream.nullOutputStream());
				case COMPUTE_WAKING -> answerWakingCompute(client);
				case RESET_DURING_TLS_HANDSHAKE -> resetDuringTlsHandshake(client);
			}
		}
		catch (IOException ex) {
			// The client or the proxy went away.
		}
		finally {
			if (fault != Fault.STALL) {
				closeQuietly(client);
			}
		}
	}

	private void answerWakingCompute(Socket client) throws IOException {
		DataInputStream in = new DataInputStream(client.getInputStream());
		OutputStream out = client.getOutputStream();
		int length = in.readInt();
		int code = in.readInt();
		if (code == SSL_REQUEST_CODE) {
			// Plain text from here on; the client must allow it (sslmode=prefer).
			out.write('N');
			out.flush();
			length = in.readInt();
			in.readInt();
		}
		in.skipNBytes(length - 8);
		out.write(errorResponse("XX000", this.wakeMessage));
		out.flush();
	}

	/**
	 * Agrees to TLS, reads the start of the client's handshake and resets the connection,
	 * as a proxy does whose backend goes away while the handshake is under way.
	 */
	private static void resetDuringTlsHandshake(Socket client) throws IOException {
		DataInputStream in = new DataInputStream(client.getInputStream());
		in.readInt();
		if (in.readInt() != SSL_REQUEST_CODE) {
			return;
		}
		client.getOutputStream().write('S');
		client.getOutputStream().flush();
		// The ClientHello's record header; then RST instead of a ServerHello.
		in.readNBytes(5);
		client.setSoLinger(true, 0);
	}

	private static byte[] errorResponse(String sqlState, String message) {
		ByteArrayOutputStream fields = new ByteArrayOutputStream();
		field(fields, 'S', "ERROR");
		field(fields, 'V', "ERROR");
		field(fields, 'C', sqlState);
		field(fields, 'M', message);
		fields.write(0);
		byte[] body = fields.toByteArray();
		ByteArrayOutputStream response = new ByteArrayOutputStream();
		response.write('E');
		int length = body.length + 4;
		response.write(length >>> 24);
		response.write(length >>> 16);
		response.write(length >>> 8);
		response.write(length);
		response.writeBytes(body);
		return response.toByteArray();
	}

	private static void field(ByteArrayOutputStream out, char type, String value) {
		out.write(type);
		out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
		out.write(0);
	}

	private void forward(Socket client) throws IOException {
		Socket server = new Socket();
		this.sockets.add(server);
		server.connect(this.target, 5000);
		Thread upstream = new Thread(() -> pipe(client, server), "fault-proxy-upstream");
		upstream.setDaemon(true);
		upstream.start();
		pipe(server, client);
	}

	private static void pipe(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// One side closed.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

	@Override
	public void close() {
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
		this.sockets.forEach(FaultProxy::closeQuietly);
	}

	/**
	 * How a connection fails.
	 */
	public enum Fault {

		/**
		 * The connection is accepted and closed at once, as by a proxy with no backend.
		 */
		ACCEPT_THEN_CLOSE,

		/** The connection is accepted and never answered, as a stalled TLS handshake. */
		STALL,

		/**
		 * The startup is answered with SQLState {@code XX000} and Neon's text for a
		 * compute that is waking up ({@code Couldn't connect to compute node} unless
		 * set).
		 */
		COMPUTE_WAKING,

		/**
		 * TLS is agreed, and the connection is reset in the middle of the handshake, as
		 * by a proxy whose backend goes away.
		 */
		RESET_DURING_TLS_HANDSHAKE

	}

}
