package cacherr.bootstrap.archfixtures.application;

import cacherr.bootstrap.archfixtures.adapters.web.JsonView;

/** Fixture: an application service that depends on an adapter. */
public class ServiceThatKnowsTheWeb {
    public String show() {
        return new JsonView().render();
    }
}
