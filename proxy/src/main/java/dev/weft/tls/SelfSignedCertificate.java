package dev.weft.tls;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * Makes certificates for the demo, the tests and the benchmarks: a key pair (RSA 2048 or ECDSA P-256) and a
 * certificate for some DNS names, signed by itself or by a given issuer (a test CA). Nothing here is for
 * production keys.
 *
 * @param chain leaf first, then its issuer if it has one
 */
public record SelfSignedCertificate(KeyPair keys, List<X509Certificate> chain) {

    public enum KeyKind { RSA, EC }

    /** A self-signed certificate for {@code names}, valid from an hour ago for {@code validity}. */
    public static SelfSignedCertificate create(KeyKind kind, Duration validity, String... names) {
        return issue(kind, Instant.now().minus(Duration.ofHours(1)), validity, null, false, names);
    }

    /** A certificate authority that can {@link #issue} leaves. */
    public static SelfSignedCertificate authority(String name) {
        return issue(KeyKind.EC, Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(30), null, true, name);
    }

    /** A leaf for {@code names}, signed by this certificate's key. */
    public SelfSignedCertificate issue(KeyKind kind, String... names) {
        return issue(kind, Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(30), this, false, names);
    }

    /** A certificate valid from {@code notBefore} for {@code validity}: in the past makes an expired one. */
    public static SelfSignedCertificate issue(KeyKind kind, Instant notBefore, Duration validity,
                                              SelfSignedCertificate issuer, boolean authority, String... names) {
        try {
            KeyPair keys = generate(kind);
            X500Name subject = new X500Name("CN=" + names[0]);
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.leaf().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(64, new SecureRandom()), Date.from(notBefore), Date.from(notBefore.plus(validity)),
                    subject, keys.getPublic());
            List<GeneralName> alternatives = new ArrayList<>();
            for (String name : names) {
                alternatives.add(name.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, name)
                        : new GeneralName(GeneralName.dNSName, name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            KeyPair signer = issuer == null ? keys : issuer.keys();
            ContentSigner contentSigner = new JcaContentSignerBuilder(signer.getPrivate().getAlgorithm()
                    .equals("EC") ? "SHA256withECDSA" : "SHA256withRSA").build(signer.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(contentSigner));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            if (issuer != null) {
                chain.add(issuer.leaf());
            }
            return new SelfSignedCertificate(keys, List.copyOf(chain));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot make a certificate: " + e.getMessage(), e);
        }
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** How a private key is written: PKCS#8, or the key type's own form (PKCS#1 for RSA, SEC1 for EC). */
    public enum KeyForm { PKCS8, TRADITIONAL }

    /** Writes the chain to {@code cert} and the key, PKCS#8, to {@code key}, each by an atomic rename. */
    public void writePem(Path cert, Path key) throws IOException {
        writePem(cert, key, KeyForm.PKCS8);
    }

    public void writePem(Path cert, Path key, KeyForm form) throws IOException {
        writeObjects(cert, chain.toArray());
        writeObjects(key, new Object[] {form == KeyForm.PKCS8 ? new JcaPKCS8Generator(keys.getPrivate(), null)
                : traditional(keys.getPrivate())});
    }

    /** PKCS#1 for RSA; SEC1 for EC, with the curve named inside it, as OpenSSL writes it. */
    private static PemObjectGenerator traditional(PrivateKey key) throws IOException {
        if (key instanceof ECPrivateKey ec) {
            ASN1Encodable curve = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters();
            return new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(
                    ec.getParams().getOrder().bitLength(), ec.getS(), curve).getEncoded());
        }
        return new JcaMiscPEMGenerator(key);
    }

    private static void writeObjects(Path file, Object[] objects) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Writer writer = Files.newBufferedWriter(partial); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            for (Object object : objects) {
                if (object instanceof PemObjectGenerator generator) {
                    pem.writeObject(generator);
                } else {
                    pem.writeObject(object);
                }
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static KeyPair generate(KeyKind kind) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(kind == KeyKind.EC ? "EC" : "RSA");
        if (kind == KeyKind.EC) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }
}
