package cacherr.adapters.web;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import java.lang.annotation.ElementType;

/**
 * Bean Validation may read every property of the requests' records. Its default, once Jakarta Persistence is on the
 * module path (it is: the persistence adapter), asks Persistence whether each property is loaded — a look-up of the
 * persistence providers on every property of every request (a few per cent of a page's CPU in a profile), for
 * records that are never entities. The answer is always yes here.
 */
final class EveryPropertyReachable implements TraversableResolver {
    @Override
    public boolean isReachable(Object bean, Path.Node property, Class<?> rootBean, Path path, ElementType type) {
        return true;
    }

    @Override
    public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBean, Path path, ElementType type) {
        return true;
    }
}
