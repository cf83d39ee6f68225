#include "aws/credentials/chain.h"

namespace aws {

ChainProvider::ChainProvider(std::vector<ChainLink> links, std::string advice)
    : m_links(std::move(links)), m_advice(std::move(advice)) {}

util::Result<Credentials> ChainProvider::get() {
  auto prefixed = [](const std::string& name, util::Error e) {
    e.message = "credentials from " + name + ": " + e.message;
    return e;
  };
  if (m_winner != nullptr) {
    auto r = m_winner->get();
    if (!r) {
      return prefixed(m_winner_name, r.take_error());
    }
    return r;
  }
  std::string tried;
  for (auto& link : m_links) {
    auto r = link.provider->get();
    if (r) {
      m_winner = link.provider.get();
      m_winner_name = link.name;
      return r;
    }
    if (!is_not_configured(r.error())) {
      return prefixed(link.name, r.take_error());
    }
    tried += tried.empty() ? "" : ", ";
    tried += link.name + " (" + r.error().message + ")";
  }
  return credentials_error("no AWS credentials found: tried " + tried + ". " + m_advice,
                           "NoCredentials");
}

}  // namespace aws
