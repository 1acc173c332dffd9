package cacherr.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.application.port.out.CacheStorage;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The measuring decorator stands between the use cases and the real storage: a port method it does not forward falls
 * back to the port's default (keeping both copies would silently become a plain release) or does not compile.
 */
class MeasuredStorageTest {
    @Test
    void forwardsEveryMethodOfTheStoragePortIncludingItsDefaults() {
        List<String> missing = Arrays.stream(CacheStorage.class.getMethods())
                .filter(method -> !declares(method))
                .map(Method::getName)
                .toList();
        assertEquals(List.of(), missing, "methods of CacheStorage that MeasuredStorage does not forward");
    }

    private static boolean declares(Method method) {
        try {
            MeasuredStorage.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
