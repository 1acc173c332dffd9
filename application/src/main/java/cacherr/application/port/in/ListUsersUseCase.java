package cacherr.application.port.in;

import cacherr.domain.query.UserSummary;
import java.util.List;

/** Use case: the users with what is cached for them. */
public interface ListUsersUseCase {
    List<UserSummary> users();
}
