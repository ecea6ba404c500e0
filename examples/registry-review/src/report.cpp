#include <string>

#include "registry/text.h"

namespace registry {

std::string render_report(const ReportInput& input) {
    int pass = 0, fail = 0, review = 0;
    for (const auto& finding : input.findings) {
        if (finding.status == "pass") ++pass;
        else if (finding.status == "fail") ++fail;
        else ++review;
    }
    std::string out = "# Registry review: " + input.project_name + " (" + input.project_id + ")\n\n";
    out += std::to_string(input.findings.size()) + " requirements: " + std::to_string(pass) + " pass, " +
           std::to_string(fail) + " fail, " + std::to_string(review) + " need review\n\n";
    out += "| requirement | status | evidence |\n|---|---|---|\n";
    for (const auto& finding : input.findings)
        out += "| " + finding.requirement + " | " + finding.status + " | " +
               (finding.evidence.empty() ? "-" : finding.evidence) + " |\n";
    out += "\nVerdict: " + std::string(fail > 0 ? "rejected" : review > 0 ? "pending review" : "approved") + "\n";
    return out;
}

}  // namespace registry
