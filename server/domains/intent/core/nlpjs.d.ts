// The parts of nlp.js (MIT, github.com/axa-group/nlp.js) the use-case classifier uses; the packages ship no types.
declare module '@nlpjs/neural' {
  export interface NeuralNetworkSettings {
    iterations?: number;
    errorThresh?: number;
    deltaErrorThresh?: number;
    learningRate?: number;
    momentum?: number;
    alpha?: number;
    log?: boolean;
  }
  export interface TrainingExample {
    input: Record<string, number>;
    output: Record<string, number>;
  }
  export interface TrainingStatus {
    error: number;
    deltaError: number;
    iterations: number;
  }
  /** What toJSON writes: per output, one weight per feature then the bias. */
  export interface NeuralNetworkJson {
    settings: NeuralNetworkSettings;
    features: string[];
    intents: string[];
    perceptrons: number[][];
  }
  export class NeuralNetwork {
    constructor(settings?: NeuralNetworkSettings);
    train(corpus: TrainingExample[]): TrainingStatus;
    run(input: Record<string, number>): Record<string, number> | undefined;
    explain(
      input: Record<string, number>,
      intent: string,
    ): { weights: Record<string, number>; bias: number } | Record<string, never>;
    toJSON(): NeuralNetworkJson;
    fromJSON(json: NeuralNetworkJson): void;
  }
}

declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stemWord(word: string): string;
  }
  export class StopwordsEn {
    isStopword(token: string): boolean;
  }
}
