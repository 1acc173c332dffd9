package cacherr.bootstrap.archfixtures.adapters.web;

/** Fixture: a web adapter class that others must not use. */
public class JsonView {
    public String render() {
        return "{}";
    }
}
