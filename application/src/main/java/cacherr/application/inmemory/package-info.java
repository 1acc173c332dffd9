/** In-memory adapters of every driven port, for tests and for embedding the application without infrastructure. */
package cacherr.application.inmemory;
