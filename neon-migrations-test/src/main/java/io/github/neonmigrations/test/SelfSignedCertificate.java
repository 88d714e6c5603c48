package io.github.neonmigrations.test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate generated at start, shared by PostgreSQL and PgBouncer, valid for the
 * topology's host names so that {@code sslmode=verify-full} can be tested too.
 */
record SelfSignedCertificate(Path certificateFile, Path privateKeyFile) {

	static SelfSignedCertificate create(Path directory, List<String> dnsNames) throws IOException {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(256);
			KeyPair keyPair = generator.generateKeyPair();
			Instant now = Instant.now();
			X500Name subject = new X500Name("CN=" + dnsNames.get(0));
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
					BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(30))), subject, keyPair.getPublic());
			GeneralName[] names = dnsNames.stream()
				.map((name) -> new GeneralName(GeneralName.dNSName, name))
				.toArray(GeneralName[]::new);
			builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
			byte[] certificate = builder
				.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()))
				.getEncoded();
			Path certificateFile = directory.resolve("server.crt");
			Path privateKeyFile = directory.resolve("server.key");
			Files.writeString(certificateFile, pem("CERTIFICATE", certificate));
			Files.writeString(privateKeyFile, pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
			// PostgreSQL refuses a private key that others can read.
			Files.setPosixFilePermissions(privateKeyFile, PosixFilePermissions.fromString("rw-------"));
			return new SelfSignedCertificate(certificateFile, privateKeyFile);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not create the topology's TLS certificate", ex);
		}
	}

	private static String pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
	}

}
