package cacherr.bootstrap.archfixtures.domain;

import cacherr.bootstrap.archfixtures.adapters.web.JsonView;

/** Fixture: a domain class that breaks the rules by reaching for an adapter and an HTTP client. */
public class LeakyEntity {
    public String leak() {
        java.net.http.HttpClient.Version version = java.net.http.HttpClient.Version.HTTP_2;
        return new JsonView().render() + version;
    }
}
