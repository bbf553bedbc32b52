// Cold start breakdown: import @aws-sdk/client-bedrock-runtime only.
import "@aws-sdk/client-bedrock-runtime";
