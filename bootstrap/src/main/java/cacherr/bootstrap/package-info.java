/** Wiring of the service. */
package cacherr.bootstrap;
