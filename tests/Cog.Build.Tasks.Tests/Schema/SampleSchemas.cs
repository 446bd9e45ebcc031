namespace Cog.Build.Tasks.Tests.Schema;

/// <summary>OpenAPI documents shaped like the runtime prints them (spec 20 §3.5 worked example and friends).</summary>
internal static class SampleSchemas
{
    public const string WorkedExample = """
    {"openapi":"3.0.2","info":{"title":"Cog","version":"0.1.0"},
     "paths":{"/predictions":{"post":{"summary":"Predict","requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/PredictionRequest"}}}},
       "responses":{"200":{"description":"Successful Response","content":{"application/json":{"schema":{"$ref":"#/components/schemas/PredictionResponse"}}}}}}}},
     "components":{"schemas":{
      "Input":{"properties":{
       "prompt":{"description":"Text prompt","maxLength":500,"minLength":1,"title":"Prompt","type":"string","x-order":0},
       "image":{"default":null,"description":"Init image","format":"uri","nullable":true,"title":"Image","type":"string","x-order":1},
       "steps":{"default":25,"description":"Denoising steps","maximum":100,"minimum":1,"title":"Steps","type":"integer","x-order":2},
       "guidance":{"default":7.5,"maximum":20,"minimum":0,"title":"Guidance","type":"number","x-order":3},
       "scheduler":{"allOf":[{"$ref":"#/components/schemas/scheduler"}],"default":"ddim","x-order":4},
       "seed":{"description":"Random seed","title":"Seed","type":"integer","x-order":5},
       "api_key":{"default":null,"format":"password","nullable":true,"title":"Api Key","type":"string","writeOnly":true,"x-cog-secret":true,"x-order":6},
       "tags":{"default":[],"items":{"type":"string"},"title":"Tags","type":"array","x-order":7},
       "negative":{"default":null,"nullable":true,"title":"Negative","type":"string","x-order":8},
       "old_flag":{"default":false,"deprecated":true,"title":"Old Flag","type":"boolean","x-order":9},
       "value":{"anyOf":[{"type":"string"},{"type":"number"}],"default":1.5,"title":"Value","x-order":10},
       "code":{"default":"a1","pattern":"^[a-z][0-9]$","title":"Code","type":"string","x-order":11},
       "files":{"default":[],"items":{"format":"uri","type":"string"},"title":"Files","type":"array","x-order":12},
       "counts":{"default":[],"items":{"type":"integer"},"maximum":10,"title":"Counts","type":"array","x-order":13},
       "options":{"default":{},"title":"Options","type":"object","x-order":14}},
       "required":["prompt","seed"],"title":"Input","type":"object"},
      "Output":{"properties":{
       "image":{"format":"uri","title":"Image","type":"string"},
       "caption":{"title":"Caption","type":"string"}},
       "required":["image","caption"],"title":"Output","type":"object"},
      "scheduler":{"description":"An enumeration.","enum":["ddim","euler","dpm"],"title":"scheduler","type":"string"},
      "PredictionRequest":{"properties":{"id":{"title":"Id","type":"string"},"input":{"$ref":"#/components/schemas/Input"}},"title":"PredictionRequest","type":"object"},
      "PredictionResponse":{"properties":{"input":{"$ref":"#/components/schemas/Input"},"output":{"$ref":"#/components/schemas/Output"},"status":{"title":"Status","type":"string"}},"title":"PredictionResponse","type":"object"}
     }}}
    """;

    public const string NoInputs = """
    {"openapi":"3.0.2","paths":{},"components":{"schemas":{
      "Input":{"properties":{},"title":"Input","type":"object"},
      "Output":{"title":"Output","type":"string"}}}}
    """;

    public const string Training = """
    {"openapi":"3.0.2",
     "paths":{"/predictions":{"post":{"x-cog-streaming":true,"responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/PredictionResponse"}}}}}}},
              "/trainings":{"post":{"responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/TrainingResponse"}}}}}}}},
     "components":{"schemas":{
      "Input":{"properties":{"text":{"title":"Text","type":"string","x-order":0}},"required":["text"],"title":"Input","type":"object"},
      "Output":{"items":{"type":"string"},"title":"Output","type":"array","x-cog-array-display":"concatenate","x-cog-array-type":"iterator"},
      "TrainingInput":{"properties":{"epochs":{"title":"Epochs","type":"integer","x-order":0}},"required":["epochs"],"title":"TrainingInput","type":"object"},
      "TrainingOutput":{"properties":{"weights":{"format":"uri","title":"Weights","type":"string"}},"title":"Output","type":"object"},
      "PredictionResponse":{"properties":{"output":{"$ref":"#/components/schemas/Output"}},"title":"PredictionResponse","type":"object"},
      "TrainingResponse":{"properties":{"output":{"$ref":"#/components/schemas/TrainingOutput"}},"title":"TrainingResponse","type":"object"}}}}
    """;
}
