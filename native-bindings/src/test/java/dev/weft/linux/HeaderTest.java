package dev.weft.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;

/** LinuxLibc is written by hand in jextract's shape: the header it would be generated from must list the same. */
class HeaderTest {
    private static final Path NATIVE = Path.of("src/main/native");
    private static final Pattern DECLARATION =
            Pattern.compile("\\b(\\w+)\\s*\\([^;{]*\\)\\s*(?:__asm__\\(\"\\w+\"\\))?;");
    /** Helpers of the binding class that are not C functions. */
    private static final Set<String> NOT_FUNCTIONS = Set.of("errno", "hasStrerrorname", "findOrThrow");

    @Test
    void theHeaderAndTheRegenerateScriptDeclareEveryFunctionLinuxLibcBinds() throws IOException {
        Set<String> bound = Arrays.stream(LinuxLibc.class.getDeclaredMethods())
                .filter(method -> Modifier.isPublic(method.getModifiers()))
                .map(Method::getName)
                .filter(name -> !NOT_FUNCTIONS.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> declared = new TreeSet<>();
        Matcher matcher = DECLARATION.matcher(Files.readString(NATIVE.resolve("weft_linux.h")));
        while (matcher.find()) {
            declared.add(matcher.group(1));
        }
        assertEquals(bound, declared, "weft_linux.h against LinuxLibc");
        Set<String> regenerated = new TreeSet<>();
        Matcher included = Pattern.compile("--include-function (\\w+)")
                .matcher(Files.readString(NATIVE.resolve("regenerate.sh")));
        while (included.find()) {
            regenerated.add(included.group(1));
        }
        assertEquals(bound, regenerated, "regenerate.sh against LinuxLibc");
    }
}
