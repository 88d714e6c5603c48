package io.github.neonmigrations.autoconfigure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.neonmigrations.test.FaultProxy;
import io.github.neonmigrations.test.FaultProxy.Fault;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The warm-up connection, counted by a proxy in front of the pooled endpoint: one opened
 * and closed while Spring starts, none when switched off, and nothing left behind by a
 * startup that fails while it is still connecting.
 */
@ExtendWith({ NeonTopologyExtension.class, OutputCaptureExtension.class })
class WarmUpIntegrationTests {

	private NeonDatabase database;

	private FaultProxy proxy;

	@BeforeEach
	void start(NeonTopology topology) throws Exception {
		this.database = topology.createDatabase();
		this.proxy = FaultProxy.start(NeonTopology.POOLED_HOST, topology.port());
	}

	@AfterEach
	void stop() {
		this.proxy.close();
	}

	@Test
	void oneConnectionIsOpenedAndClosedWhileSpringStarts(CapturedOutput output) throws Exception {
		// Without Flyway and without a query, the warm-up is the only client of the
		// pooled endpoint. A context that is ready first abandons the warm-up, so this
		// one waits for it while creating its beans.
		try (ConfigurableApplicationContext context = TestApplication.run(List.of(SlowBean.class),
				properties().toArray(String[]::new))) {
			await(() -> output.getAll().contains("Warm-up connection to 127.0.0.1 opened and closed in"));
			await(() -> this.proxy.openConnections() == 0);
			assertThat(this.proxy.acceptedConnections()).isOne();
		}
	}

	@Test
	void aProxyThatClosesWhileTheComputeWakesIsRetriedUntilTheConnectionOpens(CapturedOutput output) throws Exception {
		this.proxy.failNext(2, Fault.ACCEPT_THEN_CLOSE);
		try (ConfigurableApplicationContext context = TestApplication.run(List.of(SlowBean.class),
				properties().toArray(String[]::new))) {
			await(() -> output.getAll().contains("Warm-up connection to 127.0.0.1 opened and closed in"));
			assertThat(output.getAll()).contains(" ms, attempt 3");
			await(() -> this.proxy.openConnections() == 0);
			assertThat(this.proxy.acceptedConnections()).isEqualTo(3);
		}
	}

	@Test
	void aFailureThatIsNotTransientIsNotRetried(CapturedOutput output) throws Exception {
		List<String> properties = properties();
		properties.set(0, properties.get(0).replace(this.database.username() + ":", "nobody:"));
		try (ConfigurableApplicationContext context = TestApplication.run(List.of(SlowBean.class),
				properties.toArray(String[]::new))) {
			await(() -> output.getAll().contains("Warm-up connection to 127.0.0.1 failed: authentication failed"));
			assertThat(this.proxy.acceptedConnections()).isOne();
		}
	}

	@Test
	void switchedOffItOpensNothing() {
		try (ConfigurableApplicationContext context = boot("neon.migrations.warm-up.enabled=false")) {
			assertThat(this.proxy.acceptedConnections()).isZero();
			assertThat(warmUpThreadAlive()).isFalse();
		}
	}

	@Test
	void startupThatFailsWhileItConnectsLeavesNoConnectionAndNoThread() throws Exception {
		this.proxy.failNext(Integer.MAX_VALUE, Fault.STALL);
		List<String> properties = properties();
		// Without the listener closing it, the stalled attempt would last its timeouts.
		properties.set(0, properties.get(0) + "&loginTimeout=600&sslResponseTimeout=600000");
		Throwable failure = catchThrowable(
				() -> TestApplication.run(List.of(FailingBean.class), properties.toArray(String[]::new)));
		assertThat(failure).hasRootCauseMessage("startup fails here");
		assertThat(this.proxy.acceptedConnections()).as("the warm-up was connecting").isOne();
		await(() -> !warmUpThreadAlive() && this.proxy.openConnections() == 0, Duration.ofSeconds(5));
	}

	private ConfigurableApplicationContext boot(String... extra) {
		List<String> all = properties();
		all.addAll(List.of(extra));
		return TestApplication.run(all.toArray(String[]::new));
	}

	private List<String> properties() {
		String userInfo = this.database.username() + ":"
				+ URLEncoder.encode(this.database.password(), StandardCharsets.UTF_8).replace("+", "%20");
		return new ArrayList<>(List.of(
				"DATABASE_URL=postgresql://" + userInfo + "@127.0.0.1:" + this.proxy.port() + "/" + this.database.name()
						+ "?sslmode=require&channel_binding=prefer&prepareThreshold=0",
				"neon.migrations.url=" + this.database.directUrl(), "spring.flyway.enabled=false",
				"logging.level.io.github.neonmigrations.autoconfigure.WarmUpListener=DEBUG"));
	}

	private static boolean warmUpThreadAlive() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.anyMatch((thread) -> WarmUpListener.THREAD_NAME.equals(thread.getName()) && thread.isAlive());
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		await(condition, Duration.ofSeconds(30));
	}

	private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition met within %s", timeout).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SlowBean {

		@Bean
		Object slow() throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (warmUpThreadAlive() && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			return new Object();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingBean {

		@Bean
		Object failing() throws InterruptedException {
			// Long enough for the warm-up to be connecting, then the startup fails.
			Thread.sleep(500);
			throw new IllegalStateException("startup fails here");
		}

	}

}
