// Cold start breakdown: import @org/bedrockruntime only.
import "@org/bedrockruntime";
