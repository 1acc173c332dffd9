package cacherr.bootstrap.archfixtures.adapters.persistence;

import cacherr.bootstrap.archfixtures.adapters.web.JsonView;

/** Fixture: a persistence adapter class that uses the web adapter. */
public class RepositoryThatRendersJson {
    public String save() {
        return new JsonView().render();
    }
}
