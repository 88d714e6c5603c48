package io.github.neonmigrations.autoconfigure.pool;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Lets the compute scale to zero: with {@code neon.pool.scale-to-zero=true}, the
 * application's HikariCP pool keeps no idle minimum and no keepalive, and closes idle
 * connections before Neon's suspend timeout. HikariCP's defaults (an idle minimum equal
 * to the pool size, a keepalive every 2 minutes) would keep the compute awake, and
 * billed. Explicit {@code spring.datasource.hikari.*} values win.
 */
final class ScaleToZeroPoolPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(ScaleToZeroPoolPostProcessor.class);

	private static final String HIKARI = "spring.datasource.hikari.";

	private final ObjectProvider<NeonPoolProperties> properties;

	private final Environment environment;

	ScaleToZeroPoolPostProcessor(ObjectProvider<NeonPoolProperties> properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool) {
			NeonPoolProperties properties = this.properties.getObject();
			if (properties.isScaleToZero()) {
				drain(pool, properties);
			}
		}
		return bean;
	}

	private void drain(HikariDataSource pool, NeonPoolProperties properties) {
		if (!isSet("minimum-idle")) {
			pool.setMinimumIdle(0);
		}
		if (!isSet("idle-timeout")) {
			pool.setIdleTimeout(properties.getIdleTimeout().toMillis());
		}
		if (!isSet("keepalive-time")) {
			pool.setKeepaliveTime(0);
		}
		logger.info("neon.pool.scale-to-zero: the application pool keeps " + pool.getMinimumIdle()
				+ " idle connections, closes idle ones after " + pool.getIdleTimeout() / 1000 + " s, keepalive "
				+ ((pool.getKeepaliveTime() == 0) ? "off" : pool.getKeepaliveTime() / 1000 + " s")
				+ "; the first request after a suspend waits for the compute to wake");
	}

	/**
	 * Whether the user set a HikariCP property, which then wins over the switch; Spring
	 * Boot's key, so it is read from the environment.
	 */
	private boolean isSet(String property) {
		return Binder.get(this.environment).bind(HIKARI + property, String.class).isBound();
	}

}
