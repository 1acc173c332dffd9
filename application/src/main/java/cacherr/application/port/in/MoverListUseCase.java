package cacherr.application.port.in;

/** Use case: how the Unraid mover's exclusion list stands (whether it is kept, its entries, what may go wrong). */
public interface MoverListUseCase {
    MoverListStatus status();
}
