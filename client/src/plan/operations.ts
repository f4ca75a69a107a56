import { graphql } from '../gql/index.js';

export const SpecFields = graphql(`
  fragment SpecFields on DeploymentSpec {
    useCase {
      key
      name
    }
    trafficProfile {
      name
      promptTokens
      outputTokens
    }
    promptTokens
    outputTokens
    exactProfile
    slo {
      ttftP95Ms
      itlP95Ms
      e2eP95Ms
    }
    experienceClass
    requestsPerSecond
    users
    requestsPerUserPerMinute
    headroomPercent
    loadDerivation
    priority
    gpuTypes
    excludedGpuTypes
    maxGpus
    maxMonthlyCostUsd
    approvedOnly
    minQualityScore
    domains
    notes
    source
  }
`);

export const PlanCatalogQuery = graphql(`
  query PlanCatalog {
    useCases {
      id
      key
      name
      experienceClass
      slo {
        ttftP95Ms
        itlP95Ms
        e2eP95Ms
      }
      trafficProfile {
        id
        name
        promptTokens
        outputTokens
      }
    }
    gpus {
      id
      type
      vramGb
      hourlyPriceUsd
    }
  }
`);

export const ExtractIntentMutation = graphql(`
  mutation ExtractIntent($text: String!, $base: DeploymentSpecInput) {
    extractIntent(text: $text, base: $base) {
      ...SpecFields
      changed
      fields {
        name
        source
        evidence {
          text
          start
          end
        }
      }
    }
  }
`);

export const RecommendationFields = graphql(`
  fragment RecommendationFields on Recommendation {
    rank
    model {
      id
      hfRepo
      name
      qualityScore
      approved
    }
    gpu {
      id
      type
    }
    gpuCount
    replicas
    totalGpus
    monthlyCostUsd
    currency
    priceSource
    perReplicaCapacityRps
    perReplicaLoadRps
    predicted {
      ttftP95Ms
      itlP95Ms
      e2eP95Ms
    }
    sloMargins {
      ttftP95Ms
      itlP95Ms
      e2eP95Ms
    }
    score
    source
    estimated
    confidence
    evidence {
      rowCount
      feasibleRowCount
      outranked
      restsOnMeasurement
    }
    trustWarning {
      code
      message
    }
    nearMiss {
      metric
      gapPercent
    }
    explanation
    benchmarksUsed {
      id
      concurrency
      requestsPerSecond
      source
      ttft {
        p95
      }
      itl {
        p95
      }
      e2e {
        p95
      }
    }
  }
`);

export const RecommendQuery = graphql(`
  query Recommend($spec: DeploymentSpecInput!) {
    recommend(spec: $spec) {
      estimated
      explanation
      rejectedCount
      spec {
        ...SpecFields
      }
      recommendations {
        ...RecommendationFields
      }
      nearMisses {
        ...RecommendationFields
      }
      rejected(first: 20) {
        code
        reason
        gpuCount
        model {
          id
          hfRepo
        }
        gpu {
          id
          type
        }
      }
    }
  }
`);

export const PlanOptionsQuery = graphql(`
  query PlanOptions {
    clusterInventory {
      connected
      message
      gpuTypes {
        gpuType
        free
        allocatable
        nodes
      }
    }
    priceLists {
      name
      currency
      description
    }
  }
`);

export const AddModelFromConfigMutation = graphql(`
  mutation AddModelFromConfig($input: AddModelFromConfigInput!) {
    addModelFromConfig(input: $input) {
      model {
        id
        hfRepo
        name
      }
      sizing {
        parameterCount
        weightsGb
        weightFormat
        kvCacheBytesPerToken
        contextLength
        notes
      }
    }
  }
`);
