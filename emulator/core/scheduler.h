#pragma once
// The service scheduler: one step of the simulation at virtual time `now`. Advances every
// task, then reconciles each service towards its desired count within the deployment's
// minimumHealthyPercent / maximumPercent window, runs the circuit breaker, rollbacks and the
// service deployment status machine.
namespace emulator {

class State;
void run_scheduler(State& st, double now);

}  // namespace emulator
