package cacherr.application.port.in;

/** Use case: check cached files against the disk and move each to the status it should have. */
public interface VerifyIntegrityUseCase {
    VerifyReport verify(VerifyCommand command);
}
