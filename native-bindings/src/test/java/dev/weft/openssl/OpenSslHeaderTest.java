package dev.weft.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenSSL bindings are written by hand in jextract's shape: the header they would be generated from and the
 * regenerate script must list exactly the functions they bind, and every one must resolve in the OS's libssl.
 */
class OpenSslHeaderTest {
    private static final Path NATIVE = Path.of("src/main/native");
    /** A declaration's name: the identifier before the parameter list (STACK_OF(...) return types included). */
    private static final Pattern DECLARATION = Pattern.compile(
            "(?m)^(?!\\s*[/*#])[^;{}]*?\\b(\\w+)\\s*\\((?:[^;()]|\\([^()]*\\))*\\)\\s*(?:__asm__\\(\"\\w+\"\\))?;");

    private static Set<String> bound() {
        return Stream.of(LibCrypto.class, LibSslContext.class, LibSslVerify.class, LibSsl.class)
                .flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
                .filter(method -> Modifier.isPublic(method.getModifiers()))
                .map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theHeaderAndTheRegenerateScriptDeclareEveryFunctionTheBindingsBind() throws IOException {
        Set<String> declared = new TreeSet<>();
        Matcher matcher = DECLARATION.matcher(Files.readString(NATIVE.resolve("weft_openssl.h")));
        while (matcher.find()) {
            declared.add(matcher.group(1));
        }
        assertEquals(bound(), declared, "weft_openssl.h against the bindings");
        Set<String> listed = new TreeSet<>(Arrays.asList(Files.readString(NATIVE.resolve("regenerate-openssl.sh"))
                .replaceAll("(?s).*functions=\"\\\\\\n(.*?)\"\\n.*", "$1").replace("\\", " ").trim().split("\\s+")));
        assertEquals(bound(), listed, "regenerate-openssl.sh against the bindings");
    }

    @Test
    void everyBoundFunctionResolvesInTheInstalledOpenSsl() throws ClassNotFoundException {
        assertNull(OpenSslLinker.loadFailure(), "OpenSSL 3 is installed (CI installs libssl3)");
        assertEquals(0x30000000L, LibCrypto.OpenSSL_version_num() & 0xf0000000L);
        // Each function's holder class looks its symbol up when it is initialised, and fails if it is missing.
        int holders = 0;
        for (Class<?> bindings : new Class<?>[] {LibCrypto.class, LibSslContext.class, LibSslVerify.class, LibSsl.class}) {
            for (Class<?> holder : bindings.getDeclaredClasses()) {
                Class.forName(holder.getName(), true, bindings.getClassLoader());
                holders++;
            }
        }
        assertEquals(bound().size(), holders, "one holder class per bound function");
    }
}
