// The Train section's table: the small network's nn::TrainConfig, key by key.
#include "core/links/table.h"

namespace bw::links {
namespace detail {
namespace {

// Sets an nn enum from its name (already checked against the key's names, which the test keeps equal
// to the engine's).
template <class E, class Parse>
std::string SetEnum(E& out, const Value& v, Parse parse) {
  return parse(v.text, &out) ? std::string() : "'" + v.text + "' is not known to the engine";
}

bool ParseActivationName(const std::string& s, nn::Activation* a) { return nn::ParseActivation(s.c_str(), a); }
bool ParseLossName(const std::string& s, nn::Loss* l) { return nn::ParseLoss(s.c_str(), l); }

std::string FeatureList(const std::vector<nn::Feature>& features) {
  std::string f;
  for (size_t i = 0; i < features.size(); ++i) f += (i ? "," : "") + std::string(nn::FeatureName(features[i]));
  return f;
}

}  // namespace

const std::vector<Field<Train>>& TrainFields() {
  auto always = [](const Train&, const Train&) { return true; };
  auto never = [](const Train&, const Train&) { return false; };
  static const std::vector<Field<Train>> fields = {
      {{"dataset",
        Type::kEnum,
        0,
        0,
        {"circle", "xor", "gauss", "spiral", "plane"},
        "",
        "the 2-D dataset (plane is regression and implies loss mse)",
        "--dataset"},
       [](Train& c, const Value& v) {
         std::string e = SetEnum(c.train.data.kind, v, nn::ParseDataset);
         if (nn::IsRegression(c.train.data.kind)) c.train.loss = nn::Loss::kMse;
         return e;
       },
       [](const Train& c) { return std::string(nn::DatasetName(c.train.data.kind)); },
       always},
      {{"samples", Type::kInt, 4, 1000000, {}, "", "points in the dataset (half train, half test)", "--samples"},
       [](Train& c, const Value& v) { return c.train.data.samples = static_cast<int>(v.integer), std::string(); },
       [](const Train& c) { return std::to_string(c.train.data.samples); }},
      {{"noise", Type::kReal, 0, 0.5, {}, "", "label noise of the dataset, 0..0.5", "--noise"},
       [](Train& c, const Value& v) { return c.train.data.noise = v.number, std::string(); },
       [](const Train& c) { return FormatReal(c.train.data.noise); }},
      {{"features",
        Type::kText,
        0,
        0,
        {},
        "",
        "input features, comma-separated: x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2",
        "--features"},
       [](Train& c, const Value& v) {
         std::vector<nn::Feature> fs;
         size_t pos = 0;
         while (pos <= v.text.size()) {
           size_t comma = v.text.find(',', pos);
           if (comma == std::string::npos) comma = v.text.size();
           std::string part = v.text.substr(pos, comma - pos);
           nn::Feature f;
           if (!nn::ParseFeature(part, &f))
             return "'" + part + "' is not one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2";
           fs.push_back(f);
           pos = comma + 1;
         }
         c.train.features = fs;
         return std::string();
       },
       [](const Train& c) { return FeatureList(c.train.features); }},
      {{"layers",
        Type::kList,
        1,
        nn::kMaxWidth,
        {},
        "",
        "widths from input to output (2,8,8,1); the input width is the number of features, 2 outputs imply loss ce",
        "--layers"},
       [](Train& c, const Value& v) { return c.train.layers = v.ints, std::string(); },
       [](const Train& c) { return JoinInts(c.train.layers); },
       always},
      {{"activation",
        Type::kEnum,
        0,
        0,
        {"tanh", "relu", "sigmoid", "gelu"},
        "",
        "the hidden layers' activation",
        "--activation"},
       [](Train& c, const Value& v) { return SetEnum(c.train.activation, v, ParseActivationName); },
       [](const Train& c) { return std::string(nn::ActivationName(c.train.activation)); },
       always},
      {{"loss",
        Type::kEnum,
        0,
        0,
        {"mse", "bce", "ce"},
        "",
        "mean squared error, binary cross-entropy (1 output) or softmax cross-entropy (2 outputs)",
        "--loss"},
       [](Train& c, const Value& v) { return SetEnum(c.train.loss, v, ParseLossName); },
       [](const Train& c) { return std::string(nn::LossName(c.train.loss)); },
       always},
      {{"optimizer",
        Type::kEnum,
        0,
        0,
        {"sgd", "momentum", "adam", "adamw"},
        "",
        "the update rule (adamw: decoupled weight decay)",
        "--optimizer"},
       [](Train& c, const Value& v) { return SetEnum(c.train.optimizer, v, nn::ParseOptimizer); },
       [](const Train& c) { return std::string(nn::OptimizerName(c.train.optimizer)); },
       always},
      {{"lr", Type::kReal, 1e-6, 10, {}, "", "learning rate", "--lr"},
       [](Train& c, const Value& v) { return c.train.learning_rate = v.number, std::string(); },
       [](const Train& c) { return FormatReal(c.train.learning_rate); },
       always},
      {{"batch", Type::kInt, 1, 1000000, {}, "", "samples per step (at most the training set's size)", "--batch"},
       [](Train& c, const Value& v) { return c.train.batch_size = static_cast<int>(v.integer), std::string(); },
       [](const Train& c) { return std::to_string(c.train.batch_size); },
       always},
      {{"precision",
        Type::kEnum,
        0,
        0,
        {"fp32", "bf16", "fp16", "mixed-bf16", "mixed-fp16"},
        "",
        "number format of weights, activations and gradients (mixed: an fp32 master copy)",
        "--precision"},
       [](Train& c, const Value& v) { return SetEnum(c.train.precision, v, nn::ParsePrecision); },
       [](const Train& c) { return std::string(nn::PrecisionName(c.train.precision)); },
       always},
      {{"l2", Type::kReal, 0, 1, {}, "", "L2 penalty added to the gradient (g += l2·w)", "--l2"},
       [](Train& c, const Value& v) { return c.train.l2 = v.number, std::string(); },
       [](const Train& c) { return FormatReal(c.train.l2); }},
      {{"wd", Type::kReal, 0, 1, {}, "", "decoupled weight decay (adamw only)", "--weight-decay"},
       [](Train& c, const Value& v) { return c.train.weight_decay = v.number, std::string(); },
       [](const Train& c) { return FormatReal(c.train.weight_decay); }},
      {{"freeze",
        Type::kList,
        0,
        nn::kMaxLinearLayers - 1,
        {},
        "",
        "Linear layers (from 0) that keep their weights",
        "--freeze"},
       [](Train& c, const Value& v) { return c.train.frozen_layers = v.ints, std::string(); },
       [](const Train& c) { return JoinInts(c.train.frozen_layers); }},
      {{"checkpoint",
        Type::kText,
        0,
        0,
        {},
        "",
        "activation checkpointing: none, or every-K (keep every K-th layer's output, recompute the rest)",
        "--checkpoint"},
       [](Train& c, const Value& v) {
         if (v.text == "none") return c.train.checkpoint_every = 0, std::string();
         if (v.text.rfind("every-", 0) != 0) return "'" + v.text + "' is not none or every-K (e.g. every-2)";
         Key k{"checkpoint", Type::kInt, 1, nn::kMaxLinearLayers, {}, "", "", nullptr};
         Value n;
         std::string e = ParseValue(k, v.text.substr(6), &n);
         if (!e.empty()) return "every-K: " + e;
         c.train.checkpoint_every = static_cast<int>(n.integer);
         return std::string();
       },
       [](const Train& c) {
         return c.train.checkpoint_every >= 2 ? "every-" + std::to_string(c.train.checkpoint_every)
                                              : std::string("none");
       }},
      {{"seed", Type::kInt, 0, 9.2e18, {}, "", "seed of the weights, the batch order and the dataset", "--seed"},
       [](Train& c, const Value& v) {
         c.train.seed = c.train.data.seed = static_cast<uint64_t>(v.integer);
         return std::string();
       },
       [](const Train& c) { return std::to_string(c.train.seed); }},
      {{"multiplier",
        Type::kReal,
        1e-12,
        1,
        {},
        "",
        "weight of the loss (gradients × it): small values underflow in fp16",
        "--loss-multiplier"},
       [](Train& c, const Value& v) { return c.train.loss_multiplier = v.number, std::string(); },
       [](const Train& c) { return FormatReal(c.train.loss_multiplier); }},
      {{"loss_scaling", Type::kBool, 0, 0, {}, "", "dynamic loss scaling (mixed-fp16 only)", "--no-loss-scaling"},
       [](Train& c, const Value& v) { return c.train.dynamic_loss_scaling = v.flag, std::string(); },
       [](const Train& c) { return std::string(c.train.dynamic_loss_scaling ? "1" : "0"); }},
      {{"run", Type::kBool, 0, 0, {}, "", "start training as soon as the network is built", nullptr},
       [](Train& c, const Value& v) { return c.run = v.flag, std::string(); },
       [](const Train& c) { return std::string(c.run ? "1" : "0"); },
       never},
  };
  return fields;
}

}  // namespace detail

Applied<Train> ApplyTrain(const LiveLink& link, Train base) {
  Applied<Train> a{std::move(base), {}};
  a.errors = detail::ApplyFields(detail::TrainFields(), link, a.config);
  nn::TrainConfig& c = a.config.train;
  if (link.Get("layers")) {
    // Two outputs mean two classes: softmax cross-entropy, unless the link names the loss.
    if (!link.Get("loss") && c.layers.size() >= 2 && c.layers.back() == 2) c.loss = nn::Loss::kCrossEntropy;
  } else if (c.layers.size() >= 2) {
    // Without layers the hidden widths stay and the ends follow the features and the loss, as in the panel.
    c.layers.front() = static_cast<int>(c.features.size());
    c.layers.back() = c.loss == nn::Loss::kCrossEntropy ? 2 : 1;
  }
  for (std::string& e : nn::ValidateConfig(c)) a.errors.push_back(std::move(e));
  return a;
}

LiveLink MakeTrain(const Train& c) { return detail::MakeFields("train", detail::TrainFields(), c); }

}  // namespace bw::links
