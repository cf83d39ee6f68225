#include "util/deadline.h"

namespace util {

namespace {
thread_local std::optional<SteadyTime> t_deadline;
}  // namespace

std::optional<SteadyTime> current_deadline() {
  return t_deadline;
}

DeadlineScope::DeadlineScope(SteadyTime deadline) : m_previous(t_deadline) {
  t_deadline = deadline;
}

DeadlineScope::~DeadlineScope() {
  t_deadline = m_previous;
}

}  // namespace util
