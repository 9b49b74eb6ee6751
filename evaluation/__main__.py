import typer

from evaluation.evaluate import eval_command

typer.run(eval_command)
