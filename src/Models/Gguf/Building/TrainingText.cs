namespace InstructLab.Aspire.Gguf.Building;

/// <summary>The text the built vocabularies learn their pieces from (written for this project).</summary>
internal static class TrainingText
{
    public const string Text = """
        A taxonomy is a tree of small files. Each leaf holds a few examples of a skill or of knowledge, written by a person
        who wants a model to learn it. The examples are questions and answers; a knowledge leaf also names documents,
        and its questions are answered from them. From these few examples a teacher model writes many more, a judge
        model keeps the good ones, and a student model is trained on what is kept: first on knowledge, then on skills,
        with a replay of earlier data so that nothing learned before is forgotten. The trained model is served behind
        the same interface as the teacher, and the cycle starts again when the taxonomy grows.

        Good examples are short, correct and varied. They show the form of the answer as well as its content: a list
        when a list is wanted, a table when a table is wanted, a single sentence when that is enough. They do not repeat
        each other, and they do not contradict the documents. A question should make sense without the others, and an
        answer should be one a careful person would give.

        The suite runs as five services. The taxonomy service reads and checks the tree and cuts documents into chunks.
        The generation service expands seeds into samples and mixes them into datasets. The judging service scores
        samples and checkpoints. The training service fine-tunes the student in phases and exports it. The serving
        service answers chat requests and is also the teacher and the judge. They talk over messages and remote calls,
        and every piece of work can be traced from the request that started it to the file that holds its result.

        Numbers matter too: 1, 2, 3, 10, 42, 100, 2024. So do marks: commas, full stops; colons: and dashes - like these.
        """;
}
