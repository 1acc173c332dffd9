package cacherr.application.service;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/** The in-memory store of {@code memory}, except that a chosen save fails: to prove use cases leave no trace. */
final class FailingStore {
    private final InMemoryCacherr memory;
    private final AtomicBoolean failNextSave = new AtomicBoolean();

    FailingStore(InMemoryCacherr memory) {
        this.memory = memory;
    }

    void failNextSave() {
        failNextSave.set(true);
    }

    Cacherr app() {
        CachedFiles real = memory.files();
        CachedFiles failing = (CachedFiles) Proxy.newProxyInstance(CachedFiles.class.getClassLoader(),
                new Class<?>[] {CachedFiles.class}, (proxy, method, args) -> {
                    if (method.getName().equals("save") && failNextSave.getAndSet(false)) {
                        real.save((CachedFile) args[0]); // the write happens, then the transaction fails
                        throw new IllegalStateException("the database went away");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Bookkeeping books = memory.bookkeeping();
        return new Cacherr(new Bookkeeping(failing, books.journal(), books.transactions()), memory.storage(),
                memory.clock(), new cacherr.application.inmemory.SequentialIds(), CacheSettings.DEFAULTS);
    }
}
