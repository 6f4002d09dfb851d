import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_52212c06ab76878da5bc8254236d92ce51223b2b {
    static final String base64Bytes = String.join("", "rO0ABXNyABNqYXZhLnV0aWwuQXJyYXlMaXN0eIHSHZnHYZ0DAAFJAARzaXpleHAAAAABdwQAAAABdAAXbnUiIiJsIgFsbnUiIgoibCIibF0iIiJ4");

    public static void main(String[] args) throws Throwable {
        Crash_52212c06ab76878da5bc8254236d92ce51223b2b.class.getClassLoader().setDefaultAssertionStatus(true);
        try {
            Method fuzzerInitialize = dev.weft.fuzz.ConfigFuzzer.class.getMethod("fuzzerInitialize");
            fuzzerInitialize.invoke(null);
        } catch (NoSuchMethodException ignored) {
            try {
                Method fuzzerInitialize = dev.weft.fuzz.ConfigFuzzer.class.getMethod("fuzzerInitialize", String[].class);
                fuzzerInitialize.invoke(null, (Object) args);
            } catch (NoSuchMethodException ignored1) {
            } catch (IllegalAccessException | InvocationTargetException e) {
                e.printStackTrace();
                System.exit(1);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            e.printStackTrace();
            System.exit(1);
        }
        com.code_intelligence.jazzer.api.CannedFuzzedDataProvider input = new com.code_intelligence.jazzer.api.CannedFuzzedDataProvider(base64Bytes);
        dev.weft.fuzz.ConfigFuzzer.fuzzerTestOneInput(input);
    }
}