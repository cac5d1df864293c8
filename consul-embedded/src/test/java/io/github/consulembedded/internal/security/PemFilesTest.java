package io.github.consulembedded.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    @Test
    void readsAnSec1EcKeyAsConsulTlsWritesIt(@TempDir Path tmp) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        // The JDK writes PKCS#8; its last OCTET STRING is the SEC1 ECPrivateKey that consul writes.
        byte[] sec1 = sec1Of(pair.getPrivate().getEncoded());
        Path pem = Files.writeString(tmp.resolve("key.pem"), "-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(sec1)
                + "\n-----END EC PRIVATE KEY-----\n");

        PrivateKey read = PemFiles.privateKey(pem);

        Signature sign = Signature.getInstance("SHA256withECDSA");
        sign.initSign(read);
        sign.update(new byte[] {1, 2, 3});
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance("SHA256withECDSA");
        verify.initVerify(pair.getPublic());
        verify.update(new byte[] {1, 2, 3});
        assertThat(verify.verify(signature)).as("the key read back signs like the original").isTrue();
    }

    @Test
    void refusesAFileWithoutAKeyNamingIt(@TempDir Path tmp) throws Exception {
        Path pem = Files.writeString(tmp.resolve("nothing.pem"), "not a key");
        assertThatThrownBy(() -> PemFiles.privateKey(pem)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(pem.toString());
    }

    /** PrivateKeyInfo = SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING sec1 }: take the octet string. */
    private static byte[] sec1Of(byte[] pkcs8) {
        int i = 2; // outer SEQUENCE tag + one-byte length (short keys)
        if ((pkcs8[1] & 0x80) != 0) {
            i = 2 + (pkcs8[1] & 0x7f);
        }
        i += 3; // INTEGER 0
        i += 2 + pkcs8[i + 1]; // AlgorithmIdentifier
        int length = pkcs8[i + 1] & 0xff;
        int start = i + 2;
        if ((pkcs8[i + 1] & 0x80) != 0) {
            int n = pkcs8[i + 1] & 0x7f;
            length = 0;
            for (int k = 0; k < n; k++) {
                length = (length << 8) | (pkcs8[i + 2 + k] & 0xff);
            }
            start = i + 2 + n;
        }
        return Arrays.copyOfRange(pkcs8, start, start + length);
    }
}
