package io.github.neonmigrations.maven;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.persistence.Converter;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.MappedSuperclass;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataBuilder;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.ImplicitJoinTableNameSource;
import org.hibernate.boot.model.naming.ImplicitNamingStrategy;
import org.hibernate.boot.model.naming.ImplicitNamingStrategyJpaCompliantImpl;
import org.hibernate.boot.model.naming.PhysicalNamingStrategy;
import org.hibernate.boot.registry.BootstrapServiceRegistry;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.tool.schema.spi.DelayedDropRegistryNotAvailableImpl;
import org.hibernate.tool.schema.spi.SchemaManagementToolCoordinator;

/**
 * The schema a project's JPA entities map to, created by Hibernate in a database, named
 * as the application names it: with Spring Boot's naming strategies unless
 * {@code spring.jpa.hibernate.naming.*} names others, and with the
 * {@code spring.jpa.properties.*} of the project.
 */
final class EntitySchema {

	private static final String PHYSICAL_STRATEGY = "spring.jpa.hibernate.naming.physical-strategy";

	private static final String IMPLICIT_STRATEGY = "spring.jpa.hibernate.naming.implicit-strategy";

	/** Only class files that mention a JPA annotation are loaded. */
	private static final byte[] JPA = "jakarta/persistence/".getBytes(StandardCharsets.UTF_8);

	private EntitySchema() {
	}

	/**
	 * The classes Hibernate maps, found in a folder of compiled classes.
	 * @param classes the folder, {@code target/classes}
	 * @param loader the loader of the project's classes
	 * @return the entities, embeddables, mapped superclasses and converters
	 * @throws IOException if the folder cannot be read
	 */
	static List<Class<?>> mappedClasses(Path classes, ClassLoader loader) throws IOException {
		List<Class<?>> mapped = new ArrayList<>();
		if (!Files.isDirectory(classes)) {
			return mapped;
		}
		List<Path> files;
		try (Stream<Path> walk = Files.walk(classes)) {
			files = walk.filter((file) -> file.toString().endsWith(".class")).sorted().toList();
		}
		for (Path file : files) {
			if (!contains(Files.readAllBytes(file), JPA)) {
				continue;
			}
			String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
			name = name.substring(0, name.length() - ".class".length());
			try {
				Class<?> type = Class.forName(name, false, loader);
				if (type.isAnnotationPresent(Entity.class) || type.isAnnotationPresent(Embeddable.class)
						|| type.isAnnotationPresent(MappedSuperclass.class)
						|| type.isAnnotationPresent(Converter.class)) {
					mapped.add(type);
				}
			}
			catch (ClassNotFoundException | LinkageError ex) {
				// Not loadable without a class of another scope: not one Hibernate maps.
			}
		}
		return mapped;
	}

	/**
	 * Creates the entities' schema in an empty database.
	 * @param classes the mapped classes
	 * @param loader the loader of the project's classes
	 * @param dataSource the database
	 * @param configuration the project's configuration
	 * @throws ReflectiveOperationException if a configured naming strategy cannot be
	 * created
	 */
	static void create(List<Class<?>> classes, ClassLoader loader, DataSource dataSource,
			ProjectConfiguration configuration) throws ReflectiveOperationException {
		apply(classes, loader, dataSource, configuration, "create-only");
	}

	/**
	 * Runs Hibernate's schema management on a database.
	 * @param classes the mapped classes
	 * @param loader the loader of the project's classes
	 * @param dataSource the database
	 * @param configuration the project's configuration
	 * @param action the {@code hibernate.hbm2ddl.auto} action, e.g. {@code validate}
	 * @throws ReflectiveOperationException if a configured naming strategy cannot be
	 * created
	 */
	static void apply(List<Class<?>> classes, ClassLoader loader, DataSource dataSource,
			ProjectConfiguration configuration, String action) throws ReflectiveOperationException {
		BootstrapServiceRegistry bootstrap = new BootstrapServiceRegistryBuilder().applyClassLoader(loader).build();
		Map<String, Object> settings = new HashMap<>();
		configuration.withPrefix("spring.jpa.properties.").forEach((name, value) -> {
			if (!value.contains("${")) {
				settings.put(name, value);
			}
		});
		settings.put("hibernate.connection.datasource", dataSource);
		settings.put("hibernate.hbm2ddl.auto", action);
		settings.put("hibernate.hbm2ddl.halt_on_error", "true");
		try (StandardServiceRegistry registry = new StandardServiceRegistryBuilder(bootstrap).applySettings(settings)
			.build()) {
			MetadataSources sources = new MetadataSources(registry);
			classes.forEach(sources::addAnnotatedClass);
			MetadataBuilder builder = sources.getMetadataBuilder();
			builder.applyPhysicalNamingStrategy(
					strategy(configuration, PHYSICAL_STRATEGY, "hibernate.physical_naming_strategy",
							PhysicalNamingStrategy.class, loader, new CamelCaseToUnderscoresNamingStrategy()));
			builder.applyImplicitNamingStrategy(
					strategy(configuration, IMPLICIT_STRATEGY, "hibernate.implicit_naming_strategy",
							ImplicitNamingStrategy.class, loader, new SpringImplicitNamingStrategy()));
			Metadata metadata = builder.build();
			Map<String, Object> values = new HashMap<>(
					registry.requireService(ConfigurationService.class).getSettings());
			SchemaManagementToolCoordinator.process(metadata, registry, values,
					DelayedDropRegistryNotAvailableImpl.INSTANCE);
		}
	}

	private static <T> T strategy(ProjectConfiguration configuration, String property, String hibernateProperty,
			Class<T> type, ClassLoader loader, T defaultStrategy) throws ReflectiveOperationException {
		String name = configuration.properties().get(property);
		if (name == null) {
			name = configuration.properties().get("spring.jpa.properties." + hibernateProperty);
		}
		if (name == null || name.isBlank()) {
			return defaultStrategy;
		}
		try {
			return type.cast(Class.forName(name.strip(), true, loader).getDeclaredConstructor().newInstance());
		}
		catch (ClassNotFoundException ex) {
			throw new ClassNotFoundException(property + " in the project's configuration names " + name
					+ ", which is not on its compile classpath", ex);
		}
		catch (InvocationTargetException ex) {
			throw new InstantiationException(property + ": " + name + " cannot be created: " + ex.getCause());
		}
	}

	private static boolean contains(byte[] bytes, byte[] part) {
		outer: for (int i = 0; i <= bytes.length - part.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (bytes[i + j] != part[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	/**
	 * Spring Boot's default implicit naming strategy: a join table is named for the
	 * owning table and the association's attribute, {@code orders_lines}, as Spring
	 * Boot's {@code SpringImplicitNamingStrategy} names it.
	 */
	static final class SpringImplicitNamingStrategy extends ImplicitNamingStrategyJpaCompliantImpl {

		@Override
		public Identifier determineJoinTableName(ImplicitJoinTableNameSource source) {
			String name = source.getOwningPhysicalTableName() + "_"
					+ source.getAssociationOwningAttributePath().getProperty();
			return toIdentifier(name, source.getBuildingContext());
		}

	}

}
